-- Versioned terms of access (DESIGN.md sections 4 and 5) and each patient's acceptances and withdrawals.
CREATE TABLE consent_document (
    version        INT          PRIMARY KEY CHECK (version > 0),
    title          VARCHAR(200) NOT NULL,
    -- Plain text: paragraphs separated by blank lines, "## " starts a heading, "- " a list item.
    body           TEXT         NOT NULL,
    effective_from TIMESTAMPTZ  NOT NULL,
    published_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_by   BIGINT       REFERENCES account (id)
);

CREATE TABLE consent_acceptance (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id             BIGINT       NOT NULL REFERENCES account (id),
    version                INT          NOT NULL REFERENCES consent_document (version),
    accepted_at            TIMESTAMPTZ  NOT NULL,
    client_address         VARCHAR(64),
    user_agent             VARCHAR(512),
    -- Set when the patient withdraws, or when they accept a newer version (SUPERSEDED).
    ended_at               TIMESTAMPTZ,
    ended_reason           VARCHAR(16)  CHECK (ended_reason IN ('WITHDRAWN', 'SUPERSEDED')),
    ended_from_address     VARCHAR(64),
    CHECK ((ended_at IS NULL) = (ended_reason IS NULL)),
    CHECK (ended_at IS NULL OR ended_at >= accepted_at)
);

-- At most one acceptance in force per account; a new acceptance closes the old one in the same transaction.
CREATE UNIQUE INDEX consent_acceptance_in_force ON consent_acceptance (account_id) WHERE ended_at IS NULL;
CREATE INDEX consent_acceptance_account ON consent_acceptance (account_id, accepted_at DESC);

INSERT INTO consent_document (version, title, effective_from, body) VALUES (
    1,
    'Terms of access to your X-ray images',
    TIMESTAMPTZ '2026-01-01 00:00:00+00',
    $terms$Please read these terms before you ask for access to your images. They explain what this portal can do for you, what it cannot do, and how we protect your information.

## Your images are part of your health record
The X-ray images your clinic took are part of your health record. You have a right to see them and to have a copy. This portal lets you ask the clinic for access, look at the images the clinic shares with you, and download them if the clinic allows it.

## Looking at images here is not a diagnosis
- Only a qualified clinician can interpret X-ray images. They use your clinical history, earlier studies for comparison and any other views that were taken.
- Your phone, tablet or computer screen is not a calibrated diagnostic display. Fine detail may look different from how it looks in the clinic.
- Reading images on your own can mislead or worry you. Something that looks unusual may be normal, and something important may not be visible to an untrained eye.

## What to do if you have questions
If you have a question about your images, ask for a consultation with your clinician, a referral, or a formal second opinion. A consultation request form is next to every image in this portal. In an emergency, do not use this portal: call your local emergency number.

## Sharing and downloading
- Sending images by ordinary email or messaging apps can expose private health information to others.
- Once you download images, keeping them safe is your responsibility.

## Everything is logged
Every time you view or download an image, and every decision clinic staff make about your requests, is recorded in an audit log. You can see who accessed your images through the portal.

## You can withdraw at any time
You can withdraw your agreement at any time, in one step, from the terms page. Withdrawing stops all access to images through the portal straight away. It does not delete your health record or the audit log, which the clinic must keep. You can agree again later.$terms$
);
