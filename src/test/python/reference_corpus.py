#!/usr/bin/env python3
"""Synthetic DICOM display corpus and an independent reference rendering of it.

    reference_corpus.py OUTDIR PATIENT_ID ISSUER_OF_PATIENT_ID BIRTH_DATE(YYYYMMDD) STUDY_UID_ROOT

writes OUTDIR/<case>.dcm (one study, one series per case), OUTDIR/<case>/<frame>-<preset>.png (8-bit reference
renderings) and OUTDIR/manifest.json. The rendering follows DICOM PS3.3 C.11 / PS3.4 N.2 using pydicom's own
implementation (apply_modality_lut, apply_voi_lut, convert_color_space, apply_color_lut); MONOCHROME1 is inverted after
VOI; min-max only when the image has no usable window or VOI LUT. The presets are defined on what the patient sees
(the VOI output in 0..1 after MONOCHROME1 inversion), the same definition as the portal's DisplayPreset:

    as-stored: p      brighter: p + 0.2      darker: p - 0.2
    more-contrast: (p - 0.5) / 0.6 + 0.5     less-contrast: (p - 0.5) / 1.6 + 0.5      (then clipped to 0..1)

Needs Debian python3-pydicom (2.x) and python3-numpy; for the compressed variants dcmtk (dcmcjpeg, dcmdjpeg, dcmcjpls)
and OpenJPEG's opj_compress (libopenjp2-tools); a variant whose tool is missing is listed as skipped.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixel_data_handlers.util import (apply_color_lut, apply_modality_lut, apply_voi_lut,
                                              convert_color_space)
from pydicom.sequence import Sequence
from pydicom.encaps import encapsulate
from pydicom.uid import ExplicitVRLittleEndian, JPEG2000Lossless

PRESETS = {
    "as-stored": lambda p: p,
    "brighter": lambda p: p + 0.2,
    "darker": lambda p: p - 0.2,
    "more-contrast": lambda p: (p - 0.5) / 0.6 + 0.5,
    "less-contrast": lambda p: (p - 0.5) / 1.6 + 0.5,
}
ROWS, COLS = 200, 256
DX = "1.2.840.10008.5.1.4.1.1.1.1"
CR = "1.2.840.10008.5.1.4.1.1.1"
SC = "1.2.840.10008.5.1.4.1.1.7"
MF = "1.2.840.10008.5.1.4.1.1.7.3"  # multi-frame grayscale word secondary capture


def phantom(low, high, seed=0):
    """A smooth body-like shape with a few edges, values in [low, high]."""
    y, x = np.mgrid[0:ROWS, 0:COLS].astype(np.float64)
    cy, cx = ROWS / 2 + seed * 7, COLS / 2 - seed * 5
    r = np.sqrt(((y - cy) / (ROWS * 0.42)) ** 2 + ((x - cx) / (COLS * 0.38)) ** 2)
    body = np.clip(1.0 - r, 0, 1) ** 0.6
    bone = ((np.abs(x - cx) < 14) & (np.abs(y - cy) < ROWS * 0.35)).astype(np.float64) * 0.35
    ramp = x / COLS * 0.15
    f = np.clip(body * 0.6 + bone + ramp, 0, 1)
    return low + f * (high - low)


def base(case, uid_root, index, patient_id, issuer, birth_date, sop_class, modality):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = f"{uid_root}.3.{index}"
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = f"{uid_root}.3.{index}"
    ds.StudyInstanceUID = f"{uid_root}.1"
    ds.SeriesInstanceUID = f"{uid_root}.2.{index}"
    ds.PatientID = patient_id
    ds.IssuerOfPatientID = issuer
    ds.PatientName = "Reference^Corpus"
    ds.PatientBirthDate = birth_date
    ds.PatientSex = "O"
    ds.StudyDate = "20260101"
    ds.StudyTime = "120000"
    ds.StudyID = "REF"
    ds.AccessionNumber = "REF1"
    ds.StudyDescription = "Display reference corpus"
    ds.SeriesDescription = case
    ds.Modality = modality
    ds.SeriesNumber = index
    ds.InstanceNumber = 1
    ds.Rows = ROWS
    ds.Columns = COLS
    return ds


def mono(ds, arr, bits_stored, signed=False, photometric="MONOCHROME2", frames=1):
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated = 16
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if frames > 1:
        ds.NumberOfFrames = frames
    a = np.rint(arr).astype(np.int16 if signed else np.uint16)
    ds.PixelData = a.tobytes()


def colour(ds, arr, photometric):
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = photometric
    ds.PlanarConfiguration = 0
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = np.rint(arr).astype(np.uint8).tobytes()


def cases(uid_root, patient_id, issuer, birth_date):
    """(name, dataset) for every shape of image the display pipeline must handle."""
    made = []

    def new(name, sop_class=DX, modality="DX"):
        ds = base(name, uid_root, len(made) + 1, patient_id, issuer, birth_date, sop_class, modality)
        made.append((name, ds))
        return ds

    # 14-bit DX: anatomy 1500..6000, a burned-in marker at the maximum value, its own window.
    ds = new("dx14-marker")
    a = phantom(1500, 6000)
    a[10:30, 10:60] = 16383
    mono(ds, a, 14)
    ds.WindowCenter = 3800
    ds.WindowWidth = 4600

    # CR with a negative rescale slope: stored values are inverted raw data.
    ds = new("cr-negative-slope", CR, "CR")
    mono(ds, 4095 - phantom(300, 3500), 12)
    ds.RescaleSlope = -1
    ds.RescaleIntercept = 4095
    ds.RescaleType = "US"
    ds.WindowCenter = 1900
    ds.WindowWidth = 3000

    ds = new("cr-monochrome1", CR, "CR")
    mono(ds, phantom(400, 3600), 12, photometric="MONOCHROME1")
    ds.WindowCenter = 2000
    ds.WindowWidth = 2800

    # A non-linear VOI LUT Sequence (a gamma curve over 12 bits) and no window.
    ds = new("voi-lut-sequence")
    mono(ds, phantom(0, 4000), 12)
    item = Dataset()
    item.LUTDescriptor = [4096, 0, 12]
    item.LUTExplanation = "gamma"
    lut = np.rint((np.arange(4096) / 4095.0) ** 0.5 * 4095).astype(np.uint16)
    item.LUTData = lut.tolist()
    item["LUTData"].VR = "US"
    ds.VOILUTSequence = Sequence([item])

    # The same kind of LUT written as OW, which a PACS sends by BulkDataURI instead of inline values.
    ds = new("voi-lut-sequence-ow")
    mono(ds, phantom(100, 3900, 1), 12)
    item = Dataset()
    item.LUTDescriptor = [4096, 0, 12]
    item.LUTExplanation = "s-curve"
    curve = 1 / (1 + np.exp(-(np.arange(4096) - 2048) / 500.0))
    curve = (curve - curve.min()) / (curve.max() - curve.min())
    item.LUTData = np.rint(curve * 4095).astype("<u2").tobytes()
    item["LUTData"].VR = "OW"
    ds.VOILUTSequence = Sequence([item])

    ds = new("sigmoid")
    mono(ds, phantom(200, 3800), 12)
    ds.WindowCenter = 2000
    ds.WindowWidth = 1800
    ds.VOILUTFunction = "SIGMOID"

    ds = new("window-width-zero")
    mono(ds, phantom(100, 3000), 12)
    ds.WindowCenter = 1500
    ds.WindowWidth = 0

    ds = new("no-window")
    mono(ds, phantom(700, 2900), 12)

    ds = new("signed-16", SC, "OT")
    mono(ds, phantom(-1000, 1500), 16, signed=True)
    ds.RescaleSlope = 1
    ds.RescaleIntercept = 0
    ds.WindowCenter = 100
    ds.WindowWidth = 1800

    ds = new("bits-12")
    mono(ds, phantom(0, 4095), 12)
    ds.WindowCenter = 2048
    ds.WindowWidth = 4096

    # 8-bit greyscale with its own window: the source of the lossy JPEG baseline variant.
    ds = new("dx8")
    mono8 = phantom(20, 230)
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = np.rint(mono8).astype(np.uint8).tobytes()
    ds.WindowCenter = 120
    ds.WindowWidth = 200

    ds = new("multi-frame", MF, "OT")
    mono(ds, np.stack([phantom(0, 3000, s) for s in range(3)]), 12, frames=3)
    ds.WindowCenter = 1500
    ds.WindowWidth = 3000

    rgb = np.stack([phantom(20, 235, 0), phantom(0, 200, 1), phantom(40, 255, 2)], axis=-1)
    ds = new("rgb", SC, "OT")
    colour(ds, rgb, "RGB")

    ds = new("ybr-full", SC, "OT")
    colour(ds, convert_color_space(rgb.astype(np.uint8), "RGB", "YBR_FULL"), "YBR_FULL")

    ds = new("palette", SC, "OT")
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "PALETTE COLOR"
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = np.rint(phantom(0, 255)).astype(np.uint8).tobytes()
    ramp = np.arange(256, dtype=np.float64) / 255.0
    for name, curve in (("Red", ramp), ("Green", ramp ** 2), ("Blue", 1 - ramp)):
        setattr(ds, f"{name}PaletteColorLookupTableDescriptor", [256, 0, 16])
        setattr(ds, f"{name}PaletteColorLookupTableData", np.rint(curve * 65535).astype("<u2").tobytes())

    return made


def write_png(path, arr):
    """An 8-bit grey (2-D) or RGB (H×W×3) PNG, without Pillow."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    height, width = arr.shape[:2]
    colour_type = 2 if arr.ndim == 3 else 0
    raw = b"".join(b"\x00" + arr[row].tobytes() for row in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6))
                  + chunk(b"IEND", b""))


def usable_window(ds):
    if "WindowCenter" not in ds or "WindowWidth" not in ds:
        return False
    width = ds.WindowWidth[0] if ds["WindowWidth"].VM > 1 else ds.WindowWidth
    function = str(ds.get("VOILUTFunction", "LINEAR")).upper()
    return float(width) >= 1 if function == "LINEAR" else float(width) > 0


def grey_fraction(ds, stored):
    """Stored values of one frame to what the patient sees at the default view, 0..1."""
    values = apply_modality_lut(stored, ds)
    if "VOILUTSequence" in ds:
        item = ds.VOILUTSequence[0]
        bits = int(item.LUTDescriptor[2])
        lut_input = np.rint(values).astype(np.int64)
        p = apply_voi_lut(lut_input, ds, prefer_lut=True).astype(np.float64) / (2 ** bits - 1)
        values = None
    elif usable_window(ds):
        values = values.astype(np.float64)
        # pydicom's output range is the stored range passed through the rescale; normalise by the same numbers.
        if ds.PixelRepresentation == 0:
            y_min, y_max = 0, 2 ** ds.BitsStored - 1
        else:
            y_min, y_max = -(2 ** (ds.BitsStored - 1)), 2 ** (ds.BitsStored - 1) - 1
        if "RescaleSlope" in ds and "RescaleIntercept" in ds:
            y_min = y_min * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
            y_max = y_max * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        p = (apply_voi_lut(values, ds, prefer_lut=False) - y_min) / (y_max - y_min)
    else:
        values = values.astype(np.float64)
        low, high = values.min(), values.max()
        p = (values - low) / (high - low) if high > low else np.zeros_like(values)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        p = 1.0 - p
    return p


def colour_fraction(ds, stored):
    if ds.PhotometricInterpretation == "PALETTE COLOR":
        bits = int(ds.RedPaletteColorLookupTableDescriptor[2])
        return apply_color_lut(stored, ds).astype(np.float64) / (2 ** bits - 1)
    if ds.PhotometricInterpretation == "YBR_FULL":
        stored = convert_color_space(stored, "YBR_FULL", "RGB")
    return stored.astype(np.float64) / 255.0


def render(ds, outdir):
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1))
    stack = arr if frames > 1 else arr[np.newaxis]
    greyscale = ds.PhotometricInterpretation in ("MONOCHROME1", "MONOCHROME2")
    for number, stored in enumerate(stack, start=1):
        p = grey_fraction(ds, stored) if greyscale else colour_fraction(ds, stored)
        for preset, curve in PRESETS.items():
            out = np.rint(np.clip(curve(p), 0, 1) * 255)
            write_png(os.path.join(outdir, f"{number}-{preset}.png"), out)
    return frames


def jpeg_lossless(source, target):
    """A JPEG lossless (process 14, SV1) copy: decodes to exactly the source pixels, so the reference stays exact."""
    if shutil.which("dcmcjpeg") is None:
        return None
    subprocess.run(["dcmcjpeg", "+e1", source, target], check=True)
    return source


def jpeg_ls(source, target):
    """A JPEG-LS lossless copy (1.2.840.10008.1.2.4.80): exact, like the JPEG lossless one."""
    if shutil.which("dcmcjpls") is None:
        return None
    subprocess.run(["dcmcjpls", "+el", source, target], check=True)
    return source


def jpeg_baseline(source, target):
    """A lossy JPEG baseline copy (8-bit); its reference is rendered from dcmtk's decoding of that very file."""
    if shutil.which("dcmcjpeg") is None or shutil.which("dcmdjpeg") is None:
        return None
    subprocess.run(["dcmcjpeg", "+eb", "+q", "90", source, target], check=True)
    decoded = target + ".decoded"
    subprocess.run(["dcmdjpeg", target, decoded], check=True)
    return decoded


def jpeg_2000(source, target):
    """A JPEG 2000 lossless copy (1.2.840.10008.1.2.4.90): each frame a J2K codestream by OpenJPEG's opj_compress
    (reversible 5/3 wavelet, its default), encapsulated by pydicom. Neither pydicom 2.3 nor dcmtk encodes JPEG 2000."""
    if shutil.which("opj_compress") is None:
        return None
    ds = pydicom.dcmread(source)
    if ds.SamplesPerPixel != 1 or ds.PixelRepresentation != 0:
        raise ValueError("this JPEG 2000 writer handles unsigned greyscale only")
    frames = ds.pixel_array if int(ds.get("NumberOfFrames", 1)) > 1 else ds.pixel_array[np.newaxis]
    fragments = []
    for number, frame in enumerate(frames):
        pgm = os.path.join(os.path.dirname(target), f"frame-{number}.pgm")
        j2k = os.path.join(os.path.dirname(target), f"frame-{number}.j2k")
        with open(pgm, "wb") as out:
            out.write(f"P5\n{ds.Columns} {ds.Rows}\n{2 ** ds.BitsStored - 1}\n".encode("ascii"))
            out.write(frame.astype(">u2").tobytes())
        subprocess.run(["opj_compress", "-i", pgm, "-o", j2k], check=True, stdout=subprocess.DEVNULL)
        with open(j2k, "rb") as j2k_file:
            fragments.append(j2k_file.read())
        os.remove(pgm)
        os.remove(j2k)
    ds.PixelData = encapsulate(fragments)
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    ds.file_meta.TransferSyntaxUID = JPEG2000Lossless
    ds.is_implicit_VR = False
    ds.is_little_endian = True
    ds.save_as(target, write_like_original=False)
    return source


def main():
    outdir, patient_id, issuer, birth_date, uid_root = sys.argv[1:6]
    os.makedirs(outdir, exist_ok=True)
    manifest = {"presets": list(PRESETS), "cases": [], "skipped": []}
    made = cases(uid_root, patient_id, issuer, birth_date)
    for name, ds in made:
        path = os.path.join(outdir, name + ".dcm")
        ds.save_as(path, write_like_original=False)
        os.makedirs(os.path.join(outdir, name), exist_ok=True)
        frames = render(pydicom.dcmread(path), os.path.join(outdir, name))
        manifest["cases"].append(case_entry(name, path, frames))
    # Compressed variants: a case again with new UIDs, its pixel data compressed by an encoder independent of the PACS,
    # which must decode it (with GDCM for JPEG 2000). Lossless ones keep the uncompressed rendering as their reference;
    # the lossy JPEG baseline's reference is rendered from what dcmtk's own decoder makes of the file.
    variants = [
        ("jpeg-lossless", "dx14-marker", jpeg_lossless, "dcmtk's dcmcjpeg is not installed"),
        ("jpeg-2000-lossless", "dx14-marker", jpeg_2000, "OpenJPEG's opj_compress is not installed"),
        ("jpeg-2000-monochrome1", "cr-monochrome1", jpeg_2000, "OpenJPEG's opj_compress is not installed"),
        ("jpeg-ls-lossless", "cr-negative-slope", jpeg_ls, "dcmtk's dcmcjpls is not installed"),
        ("jpeg-baseline", "dx8", jpeg_baseline, "dcmtk's dcmcjpeg/dcmdjpeg are not installed"),
    ]
    index = len(made)
    for name, source_case, encode, why in variants:
        index += 1
        source = pydicom.dcmread(os.path.join(outdir, source_case + ".dcm"))
        source.SOPInstanceUID = source.file_meta.MediaStorageSOPInstanceUID = f"{uid_root}.3.{index}"
        source.SeriesInstanceUID = f"{uid_root}.2.{index}"
        source.SeriesNumber = index
        source.SeriesDescription = name
        plain = os.path.join(outdir, name + ".uncompressed")
        source.save_as(plain, write_like_original=False)
        target = os.path.join(outdir, name + ".dcm")
        reference = encode(plain, target)
        if reference is None:
            manifest["skipped"].append({"case": name, "why": why})
        else:
            os.makedirs(os.path.join(outdir, name), exist_ok=True)
            frames = render(pydicom.dcmread(reference), os.path.join(outdir, name))
            manifest["cases"].append(case_entry(name, target, frames))
            if reference != plain:
                os.remove(reference)
        os.remove(plain)
    with open(os.path.join(outdir, "manifest.json"), "w") as out:
        json.dump(manifest, out, indent=1)


def case_entry(name, path, frames):
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    return {"name": name, "file": os.path.basename(path), "studyUid": ds.StudyInstanceUID,
            "seriesUid": ds.SeriesInstanceUID, "instanceUid": ds.SOPInstanceUID, "frames": frames,
            "photometric": ds.PhotometricInterpretation, "transferSyntax": ds.file_meta.TransferSyntaxUID}


if __name__ == "__main__":
    main()
