-- Terms of access, version 2 (in English, with its Spanish translation): version 1 as seeded by V20, plus the two
-- points the notice and help texts of V66 already make: sharing images beyond one's direct care needs consent, and a
-- records request or a referral is the formal way to a copy or a second opinion. Version 1 stays as it was (patients
-- agreed to that text); as a newer version, this one asks every patient to agree again before they see images.
-- In effect from 1 November 2026, before any clock the tests set, so every test sees one version in effect.
INSERT INTO consent_document (version, title, effective_from, body) VALUES (
    2,
    'Terms of access to your X-ray images',
    TIMESTAMPTZ '2026-11-01 00:00:00+00',
    $terms$Please read these terms before you ask for access to your images. They explain what this portal can do for you, what it cannot do, and how we protect your information.

## Your images are part of your health record
The X-ray images your clinic took are part of your health record. You have a right to see them and to have a copy. This portal lets you ask the clinic for access, look at the images the clinic shares with you, and download them if the clinic allows it.

## Looking at images here is not a diagnosis
- Only a qualified clinician can interpret X-ray images. They use your clinical history, earlier studies for comparison and any other views that were taken.
- Your phone, tablet or computer screen is not a calibrated diagnostic display. Fine detail may look different from how it looks in the clinic.
- Reading images on your own can mislead or worry you. Something that looks unusual may be normal, and something important may not be visible to an untrained eye.

## What to do if you have questions
If you have a question about your images, ask for a consultation with your clinician, a referral, or a formal second opinion. A consultation request form is next to every image in this portal. In an emergency, do not use this portal: call your local emergency number.

## Copies, referrals and second opinions
The formal way to get a copy of your images, or to have another clinician read them for a second opinion, is a records request or a referral through the clinic. The clinic then sends the images securely to you or to the clinician you name.

## Sharing and downloading
- Sharing your images beyond your direct care needs your consent: only you decide whether to share them, with whom and for how long.
- Sending images by ordinary email or messaging apps can expose private health information to others.
- Once you download images, keeping them safe is your responsibility.

## Everything is logged
Every time you view or download an image, and every decision clinic staff make about your requests, is recorded in an audit log. You can see who accessed your images through the portal.

## You can withdraw at any time
You can withdraw your agreement at any time, in one step, from the terms page. Withdrawing stops all access to images through the portal straight away. It does not delete your health record or the audit log, which the clinic must keep. You can agree again later.$terms$
);

INSERT INTO consent_document_translation (version, language, title, body) VALUES (
    2, 'es',
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

## Copias, derivaciones y segundas opiniones
La vía formal para obtener una copia de sus imágenes, o para que otro profesional las lea como segunda opinión, es una solicitud de registros o una derivación a través de la clínica. La clínica envía entonces las imágenes de forma segura a usted o al profesional que usted indique.

## Compartir y descargar
- Compartir sus imágenes fuera de su atención directa requiere su consentimiento: solo usted decide si las comparte, con quién y durante cuánto tiempo.
- Enviar imágenes por correo electrónico corriente o por aplicaciones de mensajería puede exponer información privada de salud a otras personas.
- Una vez que descarga las imágenes, mantenerlas seguras es responsabilidad suya.

## Todo queda registrado
Cada vez que usted ve o descarga una imagen, y cada decisión que el personal de la clínica toma sobre sus solicitudes, queda registrada en un registro de auditoría. Usted puede ver quién accedió a sus imágenes a través del portal.

## Puede retirar su conformidad en cualquier momento
Puede retirar su conformidad en cualquier momento, en un solo paso, desde la página de condiciones. Al retirarla, se detiene de inmediato todo acceso a las imágenes a través del portal. No borra su historia clínica ni el registro de auditoría, que la clínica debe conservar. Puede volver a dar su conformidad más adelante.$terms$
);
