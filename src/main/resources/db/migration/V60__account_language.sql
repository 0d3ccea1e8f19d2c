-- The language a person chose with the switcher while signed in (issue 16): pages follow it on every device after
-- sign-in, and emails to them are composed in it. NULL: never chosen (pages follow the browser; emails in English).
ALTER TABLE account ADD COLUMN language text CHECK (language IS NULL OR language ~ '^[a-z]{2,3}$');
