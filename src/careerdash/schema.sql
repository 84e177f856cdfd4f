-- careerdash database: one row per fact, every table keyed by career_id (a slug of the title).
-- Built by `careerdash build` (fiches) and `careerdash import` (national datasets).

CREATE TABLE careers (
    career_id        VARCHAR PRIMARY KEY,
    title            VARCHAR NOT NULL,
    title_en         VARCHAR,
    summary          VARCHAR,
    family           VARCHAR,
    rome_code        VARCHAR,
    onet_code        VARCHAR,
    source_kind      VARCHAR NOT NULL,      -- fiche | rome | onet
    reference_level  VARCHAR,               -- the source's own label ("Bac+3")
    reference_level_years INTEGER,          -- years after the end of secondary school
    scores_editorial BOOLEAN NOT NULL,      -- profile / hard-skill scores are editorial estimates
    source_path      VARCHAR
);

CREATE TABLE alt_titles (
    career_id VARCHAR NOT NULL,
    alt_title VARCHAR NOT NULL
);

-- Facts one source has and others lack (O*NET Job Zone, ROME RIASEC codes …).
CREATE TABLE career_attributes (
    career_id VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    value     VARCHAR
);

CREATE TABLE profile_scores (
    career_id VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    dimension VARCHAR NOT NULL,             -- snake-case key: qualite_de_vie
    label     VARCHAR NOT NULL,             -- as written: Qualité de vie
    score     INTEGER NOT NULL,             -- 0–100
    editorial BOOLEAN NOT NULL
);

CREATE TABLE missions (
    career_id   VARCHAR NOT NULL,
    group_index INTEGER NOT NULL,
    group_title VARCHAR,
    position    INTEGER NOT NULL,
    task        VARCHAR NOT NULL
);

CREATE TABLE soft_skills (
    career_id   VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    description VARCHAR
);

CREATE TABLE hard_skills (
    career_id VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    name      VARCHAR NOT NULL,
    score     INTEGER,                      -- 0–100
    level     DOUBLE,                       -- a source's own level scale (O*NET LV), if any
    category  VARCHAR,
    keywords  VARCHAR[],
    editorial BOOLEAN NOT NULL,
    rome_code  VARCHAR,                     -- ROME OGR code of the skill (savoir-faire or savoir)
    rome_label VARCHAR,                     -- ROME's wording of that skill
    rome_group VARCHAR                      -- its ROME enjeu / macro-compétence, or savoir category
);

CREATE TABLE diplomas (
    career_id        VARCHAR NOT NULL,
    position         INTEGER NOT NULL,
    name             VARCHAR NOT NULL,
    level            VARCHAR NOT NULL,
    level_years      INTEGER,
    ects             INTEGER,
    formations_count INTEGER,
    share            DOUBLE,                -- % of workers holding it, where a dataset says
    is_reference     BOOLEAN NOT NULL,
    description      VARCHAR
);

CREATE TABLE experience_paths (
    career_id VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    title     VARCHAR NOT NULL
);

CREATE TABLE tools (
    career_id VARCHAR NOT NULL,
    category  VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    tool      VARCHAR NOT NULL,
    hot       BOOLEAN NOT NULL
);

CREATE TABLE constraints (
    career_id   VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    description VARCHAR,
    rome_code   VARCHAR,                    -- ROME OGR code of the work context, if one fits
    rome_label  VARCHAR
);

CREATE TABLE salary_bands (
    career_id      VARCHAR NOT NULL,
    level          VARCHAR NOT NULL,        -- debutant | confirme | senior | p10 … p90
    min_amount     INTEGER,
    max_amount     INTEGER,                 -- NULL: open band ("à partir de")
    currency       VARCHAR NOT NULL,        -- EUR | USD: never two on one axis
    period         VARCHAR NOT NULL,        -- year (monthly figures are stored ×12)
    basis          VARCHAR NOT NULL,        -- brut | net | unknown
    years_min      INTEGER,
    years_max      INTEGER,
    converted_from_monthly BOOLEAN NOT NULL,
    presumed_gross BOOLEAN NOT NULL,
    source_url     VARCHAR,
    source_note    VARCHAR,
    data_year      VARCHAR                  -- period the figure describes ('2017-2019'), if known
);

-- Where a career leads (next, later), where people come from (entry: the fiche's
-- experience paths) and neighbours (related). to_career_id names the career of the set
-- whose title is this one, whatever the direction.
CREATE TABLE progressions (
    career_id    VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    title        VARCHAR NOT NULL,
    step         INTEGER NOT NULL,          -- 0 entry, 1 next, 2 later
    kind         VARCHAR NOT NULL,          -- next | later | entry | related
    tier         VARCHAR,
    to_career_id VARCHAR
);

CREATE TABLE faq (
    career_id VARCHAR NOT NULL,
    position  INTEGER NOT NULL,
    question  VARCHAR NOT NULL,
    answer    VARCHAR NOT NULL
);

CREATE TABLE sources (
    career_id VARCHAR NOT NULL,
    field     VARCHAR NOT NULL,
    url       VARCHAR,
    note      VARCHAR
);

CREATE TABLE build_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- One row per career with what the Explorer filters and sorts on.
CREATE VIEW career_summary AS
WITH bands AS (
    SELECT
        career_id,
        any_value(currency) AS currency,
        max(min_amount) FILTER (WHERE level = 'debutant') AS debutant_min,
        max(max_amount) FILTER (WHERE level = 'debutant') AS debutant_max,
        max(min_amount) FILTER (WHERE level = 'confirme') AS confirme_min,
        max(max_amount) FILTER (WHERE level = 'confirme') AS confirme_max,
        max(min_amount) FILTER (WHERE level = 'median') AS median_wage,
        -- Dares family median, € net per month (never ×12); several rows = a range
        min(min_amount) FILTER (WHERE level = 'family_median') AS family_median_net_month,
        max(min_amount) FILTER (WHERE level = 'family_median') AS family_median_net_month_max,
        count(*) FILTER (WHERE level = 'family_median') AS family_median_families,
        bool_or(presumed_gross) AS any_presumed_gross,
        -- a fiche's monthly figures ×12: shown rounded, as "environ", never to the euro
        bool_or(converted_from_monthly) FILTER (WHERE level = 'debutant')
            AS debutant_converted_from_monthly,
        bool_or(converted_from_monthly) FILTER (WHERE level = 'confirme')
            AS confirme_converted_from_monthly
    FROM salary_bands
    GROUP BY career_id
),
profile AS (
    SELECT
        career_id,
        max(score) FILTER (WHERE dimension = 'qualite_de_vie') AS qualite_de_vie,
        max(score) FILTER (WHERE dimension = 'flexibilite') AS flexibilite,
        max(score) FILTER (WHERE dimension = 'stimulation') AS stimulation,
        max(score) FILTER (WHERE dimension = 'relations_humaines') AS relations_humaines,
        max(score) FILTER (WHERE dimension = 'carriere') AS carriere
    FROM profile_scores
    GROUP BY career_id
),
levels AS (
    SELECT career_id, min(level_years) AS min_level_years
    FROM diplomas
    GROUP BY career_id
),
skills AS (
    SELECT career_id, count(*) AS hard_skill_count
    FROM hard_skills
    GROUP BY career_id
),
summary AS (
SELECT
    c.career_id,
    c.title,
    c.title_en,
    c.family,
    c.source_kind,
    c.rome_code,
    c.onet_code,
    c.reference_level,
    c.reference_level_years,
    l.min_level_years,
    c.scores_editorial,
    b.currency,
    b.debutant_min,
    b.debutant_max,
    -- an open band has no max: its midpoint is its min
    (b.debutant_min + coalesce(b.debutant_max, b.debutant_min)) / 2.0 AS debutant_mid,
    b.confirme_min,
    b.confirme_max,
    (b.confirme_min + coalesce(b.confirme_max, b.confirme_min)) / 2.0 AS confirme_mid,
    b.median_wage,
    b.family_median_net_month,
    b.family_median_net_month_max,
    coalesce(b.family_median_families, 0) AS family_median_families,
    coalesce(b.any_presumed_gross, false) AS any_presumed_gross,
    p.qualite_de_vie,
    p.flexibilite,
    p.stimulation,
    p.relations_humaines,
    p.carriere,
    coalesce(s.hard_skill_count, 0) AS hard_skill_count,
    coalesce(b.debutant_converted_from_monthly, false) AS debutant_converted_from_monthly,
    coalesce(b.confirme_converted_from_monthly, false) AS confirme_converted_from_monthly
FROM careers c
LEFT JOIN bands b USING (career_id)
LEFT JOIN profile p USING (career_id)
LEFT JOIN levels l USING (career_id)
LEFT JOIN skills s USING (career_id)
)
SELECT
    *,
    -- growth of the band midpoints from débutant to confirmé, in %
    100.0 * (confirme_mid / nullif(debutant_mid, 0) - 1) AS growth_pct
FROM summary;

-- Dares pay and tension by famille professionnelle (FAP-2009), imported by
-- `careerdash import dares`. Reference tables, not keyed by career: every career with a
-- ROME code (ROME careers and fiches) reaches its families through dares_rome_families;
-- the store derives its `family_median` salary bands from them at every write.
CREATE TABLE dares_families (
    fap_code         VARCHAR PRIMARY KEY,   -- M2Z90 (FAP-225) or M2Z (FAP-87)
    label            VARCHAR,               -- NULL when the files give none
    nomenclature     VARCHAR NOT NULL,      -- FAP-2009 (225 familles) | FAP-2009 (87 familles)
    cadre            BOOLEAN NOT NULL,      -- FAP code 9x: cadres, professions intellectuelles
    median_net_month INTEGER,               -- € net per month, full-time employees
    data_year        VARCHAR NOT NULL,      -- 2017-2019
    median_net_month_2003_2005 INTEGER
);

CREATE TABLE dares_family_distribution (
    fap_code            VARCHAR NOT NULL,
    position            INTEGER NOT NULL,   -- 0 (lowest band) … 4
    band                VARCHAR NOT NULL,   -- as Dares writes it: "De 1500 € à moins de 2000 €"
    lower_eur           INTEGER,            -- € net per month; NULL: open below
    upper_eur           INTEGER,            -- NULL: open above
    employees_thousands DOUBLE,
    share_pct           DOUBLE,
    data_year           VARCHAR NOT NULL
);

-- Dares/France Travail tension indicators, national: categories 1 (weak) … 5 (strong).
CREATE TABLE dares_family_tension (
    fap_code            VARCHAR NOT NULL,
    year                INTEGER NOT NULL,
    employment          INTEGER,            -- average employment of the family
    tension             DOUBLE,             -- Dares' synthetic indicator (standardised)
    tension_category    INTEGER,
    hiring_intensity    INTEGER,
    training_link       INTEGER,            -- lien formation-emploi
    labour_shortage     INTEGER,            -- manque de main-d'œuvre disponible
    non_durability      INTEGER,            -- non-durabilité de l'emploi
    working_conditions  INTEGER,            -- conditions de travail contraignantes
    geographic_mismatch INTEGER             -- inadéquation géographique
);

-- ROME 4.0 code → every family its parent code reaches (with a median), and which ones the
-- rule chose (rule: single | cadre | non_cadre | range | fap87; README "Dares pay").
CREATE TABLE dares_rome_families (
    rome_code    VARCHAR NOT NULL,
    rome_parent  VARCHAR NOT NULL,
    emploi_cadre VARCHAR,
    fap_code     VARCHAR NOT NULL,
    chosen       BOOLEAN NOT NULL,
    rule         VARCHAR NOT NULL
);

-- Per career: the families reached, the chosen families' distribution and tension.
CREATE VIEW pay_families AS
SELECT c.career_id, l.rome_code, l.fap_code, f.label AS fap_label, f.nomenclature, f.cadre,
       f.median_net_month, f.data_year, f.median_net_month_2003_2005, l.chosen, l.rule,
       l.emploi_cadre
FROM careers c
JOIN dares_rome_families l ON l.rome_code = c.rome_code
JOIN dares_families f USING (fap_code);

CREATE VIEW pay_distribution AS
SELECT p.career_id, p.fap_code, p.fap_label, d.position, d.band, d.lower_eur, d.upper_eur,
       d.employees_thousands, d.share_pct, d.data_year
FROM pay_families p
JOIN dares_family_distribution d USING (fap_code)
WHERE p.chosen;

CREATE VIEW labour_tension AS
SELECT p.career_id, p.fap_code, p.fap_label, t.* EXCLUDE (fap_code)
FROM pay_families p
JOIN dares_family_tension t USING (fap_code)
WHERE p.chosen;

-- The reviewed links of the fiches' own skill and constraint names to ROME codes
-- (data/rome_links/*.csv, README "One skill vocabulary"); `careerdash build` loads them and
-- the store copies the codes onto hard_skills / constraints. rome_code NULL = none fits.
CREATE TABLE rome_links (
    career_id  VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,            -- hard_skill | constraint
    name       VARCHAR NOT NULL,            -- the fiche's wording
    rome_code  VARCHAR,
    rome_label VARCHAR,
    rome_group VARCHAR
);

-- == Diplomas as data (careerdash import diplomas) =========================================
-- The national references, not keyed by career. `diplomas` above stays a career's own list.

-- One row per diploma per source that describes it, as read (merged into diploma_refs).
CREATE TABLE diploma_records (
    source        VARCHAR NOT NULL,         -- bcn | certifinfo | rncp | rncp_2021 | kit
    cfd           VARCHAR,                  -- code formation diplôme (BCN), 8 characters
    rncp          VARCHAR,                  -- RNCP number, without "RNCP"
    certifinfo_id VARCHAR,
    onisep_id     VARCHAR,                  -- FOR.1054
    title         VARCHAR,
    kind          VARCHAR,
    eu_level      INTEGER,
    status        VARCHAR,                  -- ouvert | fermé
    opened_on     DATE,
    closed_on     DATE,
    successor     VARCHAR,                  -- "cfd:32031408" or "rncp:39159"
    predecessor   VARCHAR,
    domain_code   VARCHAR,                  -- BCN groupe de spécialité (NSF)
    domain        VARCHAR
);

-- One row per diploma: a CFD when it has one ("cfd-32031408"), else an RNCP certification
-- ("rncp-39159"). level_years: years after the end of secondary school (CAP −1, Bac 0 …).
CREATE TABLE diploma_refs (
    diploma_id     VARCHAR PRIMARY KEY,
    cfd            VARCHAR,
    rncp           VARCHAR,
    certifinfo_id  VARCHAR,
    onisep_id      VARCHAR,
    title          VARCHAR,                 -- NULL: no source gave one
    kind           VARCHAR,                 -- CAP, Bac pro, BTS, BUT, Licence pro, Master …
    level_years    INTEGER,
    eu_level       INTEGER,
    status         VARCHAR,                 -- ouvert | fermé | NULL (unknown)
    opened_on      DATE,
    closed_on      DATE,
    successor_id   VARCHAR,
    predecessor_id VARCHAR,
    domain_code    VARCHAR,
    domain         VARCHAR,
    sources        VARCHAR NOT NULL,        -- the sources that describe it
    has_outcomes   BOOLEAN NOT NULL
);
CREATE INDEX diploma_refs_cfd ON diploma_refs (cfd);
CREATE INDEX diploma_refs_rncp ON diploma_refs (rncp);

-- Folded names a diploma answers to ("bts comptabilite et gestion", "bts cg", codes):
-- computed at import so that search never folds rows at query time.
CREATE TABLE diploma_aliases (
    alias      VARCHAR NOT NULL,
    diploma_id VARCHAR NOT NULL,
    alias_kind VARCHAR NOT NULL             -- title | abbreviation | code
);
CREATE INDEX diploma_aliases_alias ON diploma_aliases (alias);

-- Diploma → job, with the link's source. A ROME-coded link reaches every career with that
-- rome_code (ROME fiches and fiches métiers); a fiche link names its career. diploma_id is
-- NULL for a name no diploma answers to (kept for `careerdash validate`).
CREATE TABLE diploma_careers (
    diploma_id VARCHAR,
    source     VARCHAR NOT NULL,            -- certifinfo | rncp | rome_savoir | fiche
    cfd        VARCHAR,
    rncp       VARCHAR,
    rome_code  VARCHAR,
    career_id  VARCHAR,
    label      VARCHAR                      -- the name as the source wrote it
);
CREATE INDEX diploma_careers_diploma ON diploma_careers (diploma_id);

-- InserJeunes: diploma × region × year (millésime) × route, counts as published; NULL is a
-- blank of the producer (suppressed small numbers), never 0. National = sum of regions.
CREATE TABLE diploma_outcomes (
    diploma_id    VARCHAR NOT NULL,
    cfd           VARCHAR NOT NULL,
    region_code   VARCHAR NOT NULL,
    region        VARCHAR NOT NULL,
    year          VARCHAR NOT NULL,         -- 2022_2023
    route         VARCHAR NOT NULL,         -- scolaire | apprentissage
    final_year    INTEGER,                  -- students in the final year
    leavers       INTEGER,                  -- of whom left education
    further_study INTEGER,                  -- of whom went on studying
    in_work_6m    INTEGER,                  -- leavers in work 6 months later
    in_work_12m   INTEGER,
    in_work_18m   INTEGER,
    in_work_24m   INTEGER
);
CREATE INDEX diploma_outcomes_diploma ON diploma_outcomes (diploma_id);

CREATE TABLE diploma_mef (
    mefstat11 VARCHAR NOT NULL,
    cfd       VARCHAR NOT NULL
);

CREATE TABLE diploma_domains (
    code  VARCHAR NOT NULL,
    label VARCHAR NOT NULL
);
