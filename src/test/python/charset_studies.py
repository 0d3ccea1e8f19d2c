#!/usr/bin/env python3
"""Writes one small DX study per character set, with the patient's name and the study, series and body-part texts
encoded the way that character set requires (pydicom does the encoding, independently of the portal).

Usage: charset_studies.py OUTPUT_DIR PATIENT_ID ISSUER
Prints one line per file: CHARSET<TAB>FILE<TAB>STUDY_UID<TAB>NAME<TAB>STUDY_DESCRIPTION<TAB>SERIES_DESCRIPTION
"""
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CASES = [
    # (SpecificCharacterSet, file name part, patient name, study description, series description, body part)
    ("ISO_IR 100", "latin1", "Müller^Jürgen", "Knöchel rechts", "Sprunggelenk a.p.", "ANKLE"),
    ("ISO_IR 192", "utf8", "Żółkiewska^Łucja", "Klatka piersiowa – zdjęcie", "Ściana boczna", "CHEST"),
    (["", "ISO 2022 IR 87"], "iso2022jp", "Yamada^Tarou=山田^太郎", "胸部単純撮影", "正面像", "CHEST"),
    ("GB18030", "gb18030", "王^小明", "胸部X光检查", "正位片", "CHEST"),
]


def write(out_dir, patient_id, issuer, case, number):
    charset, tag, name, study_description, series_description, body_part = case
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = charset
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyDate = "2024%02d01" % number
    ds.Modality = "DX"
    ds.StudyDescription = study_description
    ds.SeriesDescription = series_description
    ds.BodyPartExamined = body_part
    ds.PatientName = name
    ds.PatientID = patient_id
    ds.IssuerOfPatientID = issuer
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.Rows = 16
    ds.Columns = 16
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = (np.arange(256) % 256).astype(np.uint8).tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    path = "%s/charset-%s.dcm" % (out_dir, tag)
    ds.save_as(path, write_like_original=False)
    # Read back with pydicom: the file must hold the text this script meant, in its own character set.
    check = pydicom.dcmread(path)
    assert str(check.StudyDescription) == study_description, (tag, check.StudyDescription)
    print("\t".join([tag, path, ds.StudyInstanceUID, name, study_description, series_description]))


def main():
    out_dir, patient_id, issuer = sys.argv[1:4]
    for number, case in enumerate(CASES, start=1):
        write(out_dir, patient_id, issuer, case, number)


if __name__ == "__main__":
    main()
