-- The clinic's texts for patients besides the terms (issue 16): the notice shown beside every image and the help page
-- "About your images", each versioned per language like the terms (DESIGN.md section 5), so that a clinic edits and
-- publishes them without a release. Pages show the newest version in their language, English when there is none.
CREATE TABLE clinic_text (
    kind         VARCHAR(16)  NOT NULL CHECK (kind IN ('NOTICE', 'HELP')),
    language     VARCHAR(8)   NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    version      INT          NOT NULL CHECK (version > 0),
    title        VARCHAR(200) NOT NULL,
    -- The notice's one sentence that always stays in sight inside the viewer (also in full screen); NULL for help.
    summary      VARCHAR(500),
    -- Plain text like the terms: paragraphs separated by blank lines, "## " starts a heading, "- " a list item.
    body         TEXT         NOT NULL,
    published_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_by BIGINT       REFERENCES account (id),
    PRIMARY KEY (kind, language, version),
    CHECK ((kind = 'NOTICE') = (summary IS NOT NULL))
);

-- The terms in another language than the one they were published in: the same version (so an acceptance is of one
-- version, whatever language the patient read it in), its title and text translated.
CREATE TABLE consent_document_translation (
    version  INT          NOT NULL REFERENCES consent_document (version),
    language VARCHAR(8)   NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    title    VARCHAR(200) NOT NULL,
    body     TEXT         NOT NULL,
    PRIMARY KEY (version, language)
);

INSERT INTO clinic_text (kind, language, version, title, summary, body) VALUES (
    'NOTICE', 'en', 1,
    'This is not a diagnosis',
    'Only a clinician who knows your history can interpret these images. Please discuss them with your clinician.',
    $t$These images are part of your health record, and you have a right to them. Looking at them here is not a diagnosis: only a qualified clinician, with your clinical history, earlier studies for comparison and any other views, can interpret them. The screen you are using is not a diagnostic display.

Reading images on your own can mislead you or cause you worry. Please discuss your images with your clinician: you can ask the clinic for a consultation from this page, or for a referral or a formal second opinion.

Sharing these images beyond your direct care needs your consent. Sending them by ordinary email or messaging apps can expose private health information. Downloads are your responsibility, and every view and download is logged. For an official copy or a second opinion, make a records request or ask for a referral through the clinic.$t$
), (
    'NOTICE', 'es', 1,
    'Esto no es un diagnóstico',
    'Solo un profesional sanitario que conozca su historia puede interpretar estas imágenes. Hable de ellas con su médico.',
    $t$Estas imágenes forman parte de su historia clínica y usted tiene derecho a ellas. Verlas aquí no es un diagnóstico: solo un profesional sanitario cualificado, con su historia clínica, estudios anteriores para comparar y las demás proyecciones, puede interpretarlas. La pantalla que usa no es una pantalla de diagnóstico.

Interpretar las imágenes por su cuenta puede confundirle o preocuparle. Comente sus imágenes con su médico: desde esta página puede pedir una consulta a la clínica, o pedir una derivación o una segunda opinión formal.

Compartir estas imágenes fuera de su atención directa requiere su consentimiento. Enviarlas por correo electrónico corriente o por aplicaciones de mensajería puede exponer información privada de salud. Las descargas son responsabilidad suya, y cada visualización y descarga queda registrada. Para obtener una copia oficial o una segunda opinión, presente una solicitud de registros o pida una derivación a través de la clínica.$t$
), (
    'HELP', 'en', 1,
    'About your images',
    NULL,
    $t$## These images are yours
Your X-ray images are part of your health record, and you have a right to see them and to have a copy.

## Looking is not a diagnosis
A radiologist or other qualified clinician interprets X-ray images using your clinical history, earlier studies for comparison and any other views that were taken. Without these, shadows and shapes on an image are easy to misread.
- Reading images on your own can mislead you, or cause you worry about something that is normal.
- Phones, tablets and ordinary computer screens are not calibrated diagnostic displays: fine detail may not show as it does in the clinic.

## The right next step
If you have a question about your images, ask for a consultation with your clinician, a referral, or a formal second opinion. The consultation form is next to every image in this portal. In an emergency, do not use this portal: call your local emergency number.

## Copies, referrals and second opinions
The formal way to get a copy of your images, or to have another clinician read them for a second opinion, is a records request or a referral through the clinic. Ask the clinic's front desk or health-information staff: they send the images securely to you or to the clinician you name.

## Sharing and downloading
- Sharing your images beyond your direct care needs your consent.
- Sending images by ordinary email or messaging apps can expose private health information.
- Downloads are your responsibility once they leave the portal, and every view and download here is logged.$t$
), (
    'HELP', 'es', 1,
    'Sobre sus imágenes',
    NULL,
    $t$## Estas imágenes son suyas
Sus imágenes de rayos X forman parte de su historia clínica, y usted tiene derecho a verlas y a obtener una copia.

## Verlas no es un diagnóstico
Un radiólogo u otro profesional sanitario cualificado interpreta las imágenes de rayos X con su historia clínica, estudios anteriores para comparar y las demás proyecciones que se tomaron. Sin ello, las sombras y formas de una imagen se interpretan mal con facilidad.
- Interpretar las imágenes por su cuenta puede confundirle, o preocuparle por algo que es normal.
- Los teléfonos, las tabletas y las pantallas de ordenador corrientes no son pantallas de diagnóstico calibradas: los detalles finos pueden no verse como en la clínica.

## El siguiente paso adecuado
Si tiene una pregunta sobre sus imágenes, pida una consulta con su médico, una derivación o una segunda opinión formal. El formulario de consulta está junto a cada imagen de este portal. En una urgencia, no use este portal: llame a su número local de emergencias.

## Copias, derivaciones y segundas opiniones
La vía formal para obtener una copia de sus imágenes, o para que otro profesional las lea como segunda opinión, es una solicitud de registros o una derivación a través de la clínica. Pregunte en la recepción o al personal de documentación clínica: enviarán las imágenes de forma segura a usted o al profesional que usted indique.

## Compartir y descargar
- Compartir sus imágenes fuera de su atención directa requiere su consentimiento.
- Enviar imágenes por correo electrónico corriente o por aplicaciones de mensajería puede exponer información privada de salud.
- Las descargas son responsabilidad suya una vez que salen del portal, y cada visualización y descarga queda registrada aquí.$t$
);

-- The seeded terms (version 1) in Spanish.
INSERT INTO consent_document_translation (version, language, title, body) VALUES (
    1, 'es',
    'Condiciones de acceso a sus imágenes de rayos X',
    $terms$Lea estas condiciones antes de pedir acceso a sus imágenes. Explican lo que este portal puede hacer por usted, lo que no puede hacer y cómo protegemos su información.

## Sus imágenes forman parte de su historia clínica
Las imágenes de rayos X que le tomó su clínica forman parte de su historia clínica. Usted tiene derecho a verlas y a obtener una copia. Este portal le permite pedir acceso a la clínica, ver las imágenes que la clínica comparte con usted y descargarlas si la clínica lo permite.

## Ver las imágenes aquí no es un diagnóstico
- Solo un profesional sanitario cualificado puede interpretar imágenes de rayos X. Utiliza su historia clínica, estudios anteriores para comparar y las demás proyecciones que se tomaron.
- La pantalla de su teléfono, tableta u ordenador no es una pantalla de diagnóstico calibrada. Los detalles finos pueden verse distintos de como se ven en la clínica.
- Interpretar las imágenes por su cuenta puede confundirle o preocuparle. Algo que parece extraño puede ser normal, y algo importante puede no ser visible para un ojo no entrenado.

## Qué hacer si tiene preguntas
Si tiene una pregunta sobre sus imágenes, pida una consulta con su médico, una derivación o una segunda opinión formal. Junto a cada imagen de este portal hay un formulario para pedir una consulta. En una urgencia, no use este portal: llame a su número local de emergencias.

## Compartir y descargar
- Enviar imágenes por correo electrónico corriente o por aplicaciones de mensajería puede exponer información privada de salud a otras personas.
- Una vez que descarga las imágenes, mantenerlas seguras es responsabilidad suya.

## Todo queda registrado
Cada vez que usted ve o descarga una imagen, y cada decisión que el personal de la clínica toma sobre sus solicitudes, queda registrada en un registro de auditoría. Usted puede ver quién accedió a sus imágenes a través del portal.

## Puede retirar su conformidad en cualquier momento
Puede retirar su conformidad en cualquier momento, en un solo paso, desde la página de condiciones. Al retirarla, se detiene de inmediato todo acceso a las imágenes a través del portal. No borra su historia clínica ni el registro de auditoría, que la clínica debe conservar. Puede volver a dar su conformidad más adelante.$terms$
);
