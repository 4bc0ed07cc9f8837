"""The hand-written SQL floor: one PostgreSQL statement per indicator family, every territory at
once (GROUP BY territory), computing the numerators and denominators the engine needs
(DESIGN.md section 6). Their summed time is the floor the engine is compared with (§10).

Each statement returns ``territory_id`` then columns named like the engine's per-territory
tallies (``indicators.compute.Tally``), so :mod:`bench.measure` can check that both compute the
same numbers. Parameters: ``start``, ``end`` (the period cut at the as-of date), ``as_of``,
``escape_days``, ``loop_days``, ``required`` (the framework's components, JSON), ``fiscal_year``
and ``margin``. Where several spellings were tried, the fastest on the 50-territory set is kept
(see BENCHMARKS.md).
"""

from __future__ import annotations

# Positions of T active during P: sectors (conforming or not), pairs of positions of different
# sectors and their Jaccard similarity, presentations in the journal.
LEVER_1 = """
WITH active AS (
    SELECT o.territory_id, o.sector_id, p.id, p.components, p.populations
    FROM territories_position p
    JOIN territories_organization o ON o.id = p.organization_id
    WHERE p.opened_on <= %(end)s AND (p.closed_on IS NULL OR p.closed_on >= %(start)s)
), sectors AS (
    SELECT territory_id,
           count(DISTINCT sector_id) AS sectors_active,
           count(DISTINCT sector_id) FILTER (WHERE components @> %(required)s::jsonb)
               AS sectors_conforming
    FROM active GROUP BY territory_id
), pairs AS (
    SELECT a.territory_id, count(*) AS pairs,
           sum(CASE WHEN u.n = 0 THEN 0 ELSE i.n::numeric / u.n END) AS jaccard_sum
    FROM active a
    JOIN active b ON b.territory_id = a.territory_id AND b.id > a.id AND b.sector_id <> a.sector_id
    CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM (
            SELECT jsonb_array_elements_text(a.populations)
            INTERSECT SELECT jsonb_array_elements_text(b.populations)) x) i
    CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM (
            SELECT jsonb_array_elements_text(a.populations)
            UNION SELECT jsonb_array_elements_text(b.populations)) x) u
    GROUP BY a.territory_id
), presentations AS (
    SELECT o.territory_id, count(*) AS presentations
    FROM territories_journalentry j
    JOIN territories_position p ON p.id = j.position_id
    JOIN territories_organization o ON o.id = p.organization_id
    WHERE j.date BETWEEN %(start)s AND %(end)s
      AND j.kind IN ('presentation_intra', 'presentation_inter')
    GROUP BY o.territory_id
)
SELECT t.id AS territory_id,
       coalesce(s.sectors_active, 0) AS sectors_active,
       coalesce(s.sectors_conforming, 0) AS sectors_conforming,
       coalesce(pa.pairs, 0) AS pairs,
       coalesce(pa.jaccard_sum, 0) AS jaccard_sum,
       coalesce(pr.presentations, 0) AS presentations
FROM territories_territory t
LEFT JOIN sectors s ON s.territory_id = t.id
LEFT JOIN pairs pa ON pa.territory_id = t.id
LEFT JOIN presentations pr ON pr.territory_id = t.id
ORDER BY t.id
"""

# Cohort C (referred in P, not cancelled): its size and the handoff delays of those taken in
# charge on or before A.
LEVER_2_DELAY = """
SELECT territory_id,
       count(*) AS cohort,
       count(*) FILTER (WHERE taken_in_charge_on <= %(as_of)s) AS taken,
       coalesce(sum(taken_in_charge_on - first_contact_on)
                FILTER (WHERE taken_in_charge_on <= %(as_of)s), 0) AS delay_days
FROM referrals_referral
WHERE referred_on BETWEEN %(start)s AND %(end)s AND status <> 'cancelled'
GROUP BY territory_id
ORDER BY territory_id
"""

# Escape: distinct families of C, and those with a lost referral or a pending/declined one older
# than ESCAPE_DAYS with no referral of the family referred the same day or later and taken in
# charge on or before A. (Fastest of the spellings tried: two COUNT(DISTINCT), the NOT EXISTS
# probing the (family, referred_on) index for the few candidates.)
LEVER_2_ESCAPE = """
SELECT c.territory_id,
       count(DISTINCT c.family_id) AS families,
       count(DISTINCT c.family_id) FILTER (
           WHERE c.status = 'lost'
              OR (c.status IN ('pending', 'declined')
                  AND c.referred_on < %(as_of)s::date - %(escape_days)s::int
                  AND NOT EXISTS (
                      SELECT 1 FROM referrals_referral r
                      WHERE r.family_id = c.family_id
                        AND r.referred_on >= c.referred_on
                        AND r.taken_in_charge_on <= %(as_of)s))) AS escaped_families
FROM referrals_referral c
WHERE c.referred_on BETWEEN %(start)s AND %(end)s AND c.status <> 'cancelled'
GROUP BY c.territory_id
ORDER BY c.territory_id
"""

# Loops: referrals of C with an earlier referral r0 of the same family, at most LOOP_DAYS before,
# in the reverse sector direction (any status). Fastest spelling: the looping referrals found
# by one hash join, then a hashed IN (a correlated EXISTS probes an index 500,000 times).
LEVER_2_LOOPS = """
SELECT c.territory_id,
       count(*) FILTER (WHERE c.id IN (
           SELECT l.id
           FROM referrals_referral l
           JOIN referrals_referral r0
             ON r0.family_id = l.family_id
            AND r0.from_sector_id = l.to_sector_id
            AND r0.to_sector_id = l.from_sector_id
            AND r0.referred_on < l.referred_on
            AND r0.referred_on >= l.referred_on - %(loop_days)s::int
           WHERE l.referred_on BETWEEN %(start)s AND %(end)s
             AND r0.referred_on >= %(start)s::date - %(loop_days)s::int)) AS loops
FROM referrals_referral c
WHERE c.referred_on BETWEEN %(start)s AND %(end)s AND c.status <> 'cancelled'
GROUP BY c.territory_id
ORDER BY c.territory_id
"""

# The same, with a correlated EXISTS probing the (family, referred_on) index: faster on the small
# set, slower on the large one.
LEVER_2_LOOPS_CORRELATED = """
SELECT c.territory_id,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM referrals_referral r0
           WHERE r0.family_id = c.family_id
             AND r0.from_sector_id = c.to_sector_id
             AND r0.to_sector_id = c.from_sector_id
             AND r0.referred_on < c.referred_on
             AND r0.referred_on >= c.referred_on - %(loop_days)s::int)) AS loops
FROM referrals_referral c
WHERE c.referred_on BETWEEN %(start)s AND %(end)s AND c.status <> 'cancelled'
GROUP BY c.territory_id
ORDER BY c.territory_id
"""

# Escape spelled per family: GROUP BY (territory, family) then count (slower than the two
# COUNT(DISTINCT) above on both sets, kept for the record).
LEVER_2_ESCAPE_BY_FAMILY = """
SELECT territory_id, count(*) AS families, count(*) FILTER (WHERE escaped) AS escaped_families
FROM (
    SELECT c.territory_id, c.family_id,
           bool_or(c.status = 'lost'
                   OR (c.status IN ('pending', 'declined')
                       AND c.referred_on < %(as_of)s::date - %(escape_days)s::int
                       AND NOT EXISTS (
                           SELECT 1 FROM referrals_referral r
                           WHERE r.family_id = c.family_id
                             AND r.referred_on >= c.referred_on
                             AND r.taken_in_charge_on <= %(as_of)s))) AS escaped
    FROM referrals_referral c
    WHERE c.referred_on BETWEEN %(start)s AND %(end)s AND c.status <> 'cancelled'
    GROUP BY c.territory_id, c.family_id
) families
GROUP BY territory_id
ORDER BY territory_id
"""

# Corridors of T active during P, and the formal ones among them.
LEVER_2_CORRIDORS = """
SELECT territory_id,
       count(*) AS corridors_active,
       count(*) FILTER (
           WHERE btrim(entry_point) <> ''
             AND target_delay_days IS NOT NULL
             AND (SELECT count(DISTINCT language)
                  FROM jsonb_array_elements_text(consent_languages) language) >= 2
             AND transfer_template) AS corridors_formal
FROM referrals_corridor
WHERE active_from <= %(end)s AND (active_to IS NULL OR active_to >= %(start)s)
GROUP BY territory_id
ORDER BY territory_id
"""

# Turnover (departures, holders at P's start and end) and supervision hours per PAP.
LEVER_3 = """
WITH staff AS (
    SELECT o.territory_id,
           count(*) FILTER (WHERE a.ended_on BETWEEN %(start)s AND %(end)s) AS departures,
           count(*) FILTER (WHERE a.started_on <= %(start)s
                              AND (a.ended_on IS NULL OR a.ended_on >= %(start)s))
               AS staff_at_start,
           count(*) FILTER (WHERE a.started_on <= %(end)s
                              AND (a.ended_on IS NULL OR a.ended_on >= %(end)s)) AS staff_at_end,
           count(DISTINCT a.position_id) AS paps
    FROM territories_assignment a
    JOIN territories_position p ON p.id = a.position_id
    JOIN territories_organization o ON o.id = p.organization_id
    WHERE a.started_on <= %(end)s AND (a.ended_on IS NULL OR a.ended_on >= %(start)s)
    GROUP BY o.territory_id
), supervision AS (
    SELECT o.territory_id, sum(j.hours) AS supervision_hours
    FROM territories_journalentry j
    JOIN territories_position p ON p.id = j.position_id
    JOIN territories_organization o ON o.id = p.organization_id
    WHERE j.date BETWEEN %(start)s AND %(end)s AND j.kind = 'supervision'
    GROUP BY o.territory_id
)
SELECT t.id AS territory_id,
       coalesce(s.departures, 0) AS departures,
       coalesce(s.staff_at_start, 0) AS staff_at_start,
       coalesce(s.staff_at_end, 0) AS staff_at_end,
       coalesce(s.paps, 0) AS paps,
       coalesce(h.supervision_hours, 0) AS supervision_hours
FROM territories_territory t
LEFT JOIN staff s ON s.territory_id = t.id
LEFT JOIN supervision h ON h.territory_id = t.id
ORDER BY t.id
"""

# Supported projects active during P; family answers (count, score sum, respondents).
LEVER_4 = """
WITH projects AS (
    SELECT territory_id, count(*) AS projects
    FROM territories_project
    WHERE supported AND started_on <= %(end)s AND (ended_on IS NULL OR ended_on >= %(start)s)
    GROUP BY territory_id
), answers AS (
    SELECT territory_id, count(*) AS family_responses, sum(overall) AS family_score,
           count(*) FILTER (WHERE channel <> 'online') AS family_respondents
    FROM surveys_response
    WHERE kind = 'family' AND project_id IS NOT NULL
      AND submitted_on BETWEEN %(start)s AND %(end)s
    GROUP BY territory_id
)
SELECT t.id AS territory_id,
       coalesce(p.projects, 0) AS projects,
       coalesce(a.family_responses, 0) AS family_responses,
       coalesce(a.family_score, 0) AS family_score,
       coalesce(a.family_respondents, 0) AS family_respondents
FROM territories_territory t
LEFT JOIN projects p ON p.territory_id = t.id
LEFT JOIN answers a ON a.territory_id = t.id
ORDER BY t.id
"""

# The profile each territory uses (P's fiscal year, else its latest earlier one), the reference
# profile of that year (QC, else the mean of the territories' profiles), the priorities it
# triggers, and the active corridors answering one of them (NULL: no profile).
LEVER_5 = """
WITH used AS (
    SELECT DISTINCT ON (territory_id) *
    FROM territories_sociohealthprofile
    WHERE territory_id IS NOT NULL AND fiscal_year <= %(fiscal_year)s
    ORDER BY territory_id, fiscal_year DESC
), mean AS (
    SELECT fiscal_year, avg(reports_per_1000) AS reports_per_1000,
           avg(out_of_network_pct) AS out_of_network_pct,
           avg(vulnerable_eqdem_pct) AS vulnerable_eqdem_pct,
           avg(immigrant_families_pct) AS immigrant_families_pct
    FROM territories_sociohealthprofile WHERE territory_id IS NOT NULL
    GROUP BY fiscal_year
), reference AS (
    SELECT coalesce(q.fiscal_year, m.fiscal_year) AS fiscal_year,
           CASE WHEN q.id IS NULL THEN m.reports_per_1000 ELSE q.reports_per_1000 END
               AS reports_per_1000,
           CASE WHEN q.id IS NULL THEN m.out_of_network_pct ELSE q.out_of_network_pct END
               AS out_of_network_pct,
           CASE WHEN q.id IS NULL THEN m.vulnerable_eqdem_pct ELSE q.vulnerable_eqdem_pct END
               AS vulnerable_eqdem_pct,
           CASE WHEN q.id IS NULL THEN m.immigrant_families_pct ELSE q.immigrant_families_pct END
               AS immigrant_families_pct
    FROM mean m
    FULL JOIN (SELECT * FROM territories_sociohealthprofile WHERE territory_id IS NULL) q
      ON q.fiscal_year = m.fiscal_year
), triggered AS (
    SELECT u.territory_id, u.screenings_agir_tot, u.reports_per_1000, u.out_of_network_pct,
           u.vulnerable_eqdem_pct, u.immigrant_families_pct,
           array_remove(ARRAY[
               CASE WHEN round(u.reports_per_1000, 6)
                         >= round(r.reports_per_1000 * (1 + %(margin)s::numeric), 6)
                    THEN 'child_protection' END,
               CASE WHEN round(u.out_of_network_pct, 6)
                         >= round(r.out_of_network_pct * (1 + %(margin)s::numeric), 6)
                    THEN 'out_of_network' END,
               CASE WHEN round(u.vulnerable_eqdem_pct, 6)
                         >= round(r.vulnerable_eqdem_pct * (1 + %(margin)s::numeric), 6)
                    THEN 'vulnerability' END,
               CASE WHEN round(u.immigrant_families_pct, 6)
                         >= round(r.immigrant_families_pct * (1 + %(margin)s::numeric), 6)
                    THEN 'immigration' END], NULL) AS priorities
    FROM used u LEFT JOIN reference r ON r.fiscal_year = u.fiscal_year
)
SELECT t.id AS territory_id,
       CASE WHEN tr.territory_id IS NULL THEN NULL
            ELSE count(c.id) FILTER (WHERE c.priorities ?| tr.priorities) END
           AS corridors_adapted,
       min(tr.screenings_agir_tot) AS screenings_agir_tot,
       min(tr.reports_per_1000) AS reports_per_1000,
       min(tr.out_of_network_pct) AS out_of_network_pct,
       min(tr.vulnerable_eqdem_pct) AS vulnerable_eqdem_pct,
       min(tr.immigrant_families_pct) AS immigrant_families_pct
FROM territories_territory t
LEFT JOIN triggered tr ON tr.territory_id = t.id
LEFT JOIN referrals_corridor c
  ON c.territory_id = t.id
 AND c.active_from <= %(end)s AND (c.active_to IS NULL OR c.active_to >= %(start)s)
GROUP BY t.id, tr.territory_id
ORDER BY t.id
"""

# Support requests per PAP; PAP answers (count, score sum, paper respondents, PAPs who answered
# online on the territory, counted as the engine does, DESIGN.md section 8) and the online PAPs
# of the province.
LEVER_6 = """
WITH staff AS (
    SELECT o.territory_id, count(DISTINCT a.position_id) AS paps
    FROM territories_assignment a
    JOIN territories_position p ON p.id = a.position_id
    JOIN territories_organization o ON o.id = p.organization_id
    WHERE a.started_on <= %(end)s AND (a.ended_on IS NULL OR a.ended_on >= %(start)s)
    GROUP BY o.territory_id
), requests AS (
    SELECT o.territory_id, count(*) AS support_requests
    FROM territories_journalentry j
    JOIN territories_position p ON p.id = j.position_id
    JOIN territories_organization o ON o.id = p.organization_id
    WHERE j.date BETWEEN %(start)s AND %(end)s AND j.kind = 'support_request'
    GROUP BY o.territory_id
), answers AS (
    SELECT territory_id, count(*) AS pap_responses, sum(overall) AS pap_score,
           count(*) FILTER (WHERE channel <> 'online') AS pap_respondents
    FROM surveys_response
    WHERE kind = 'pap' AND submitted_on BETWEEN %(start)s AND %(end)s
    GROUP BY territory_id
), online_answers AS (
    SELECT r.territory_id, r.campaign_id,
           c.opens_on >= %(start)s AND c.closes_on <= %(end)s AS inside, count(*) AS answers
    FROM surveys_response r
    JOIN surveys_campaign c ON c.id = r.campaign_id
    WHERE r.kind = 'pap' AND r.channel = 'online'
      AND r.submitted_on BETWEEN %(start)s AND %(end)s
    GROUP BY r.territory_id, r.campaign_id, inside
), participants AS (
    SELECT c.territory_id, pa.user_id
    FROM surveys_participation pa
    JOIN surveys_campaign c ON c.id = pa.campaign_id
    WHERE pa.campaign_id IN (SELECT campaign_id FROM online_answers WHERE inside)
), online AS (
    -- Campaigns wholly inside P: their distinct participants; straddling ones: their answers.
    SELECT territory_id, max(n) AS pap_online_respondents FROM (
        SELECT territory_id, count(DISTINCT user_id) AS n FROM participants GROUP BY territory_id
        UNION ALL
        SELECT territory_id, answers FROM online_answers WHERE NOT inside) x
    GROUP BY territory_id
)
SELECT t.id AS territory_id,
       coalesce(s.paps, 0) AS paps,
       coalesce(r.support_requests, 0) AS support_requests,
       coalesce(a.pap_responses, 0) AS pap_responses,
       coalesce(a.pap_score, 0) AS pap_score,
       coalesce(a.pap_respondents, 0) AS pap_respondents,
       coalesce(o.pap_online_respondents, 0) AS pap_online_respondents,
       greatest((SELECT count(DISTINCT user_id) FROM participants),
                (SELECT max(answers) FROM online_answers WHERE NOT inside)) AS online_paps_overall
FROM territories_territory t
LEFT JOIN staff s ON s.territory_id = t.id
LEFT JOIN requests r ON r.territory_id = t.id
LEFT JOIN answers a ON a.territory_id = t.id
LEFT JOIN online o ON o.territory_id = t.id
ORDER BY t.id
"""

# (name shown in BENCHMARKS.md, its spellings): the floor of a family is its fastest spelling
# on the data set measured. In lever order.
STATEMENTS = (
    ("lever 1: positions, mandates, presentations", (LEVER_1,)),
    ("lever 2: handoff delay (cohort)", (LEVER_2_DELAY,)),
    ("lever 2: escape", (LEVER_2_ESCAPE, LEVER_2_ESCAPE_BY_FAMILY)),
    ("lever 2: loops", (LEVER_2_LOOPS, LEVER_2_LOOPS_CORRELATED)),
    ("lever 2: formal corridors", (LEVER_2_CORRIDORS,)),
    ("lever 3: turnover, supervision", (LEVER_3,)),
    ("lever 4: projects, family satisfaction", (LEVER_4,)),
    ("lever 5: profiles, adapted corridors", (LEVER_5,)),
    ("lever 6: support requests, PAP satisfaction", (LEVER_6,)),
)

# Statements worth an EXPLAIN ANALYZE in the report (the slow ones).
EXPLAINED = ("lever 2: escape", "lever 2: loops")

# Candidate indexes tried (in a rolled-back transaction) on the big set.
CANDIDATE_INDEXES = (
    "CREATE INDEX bench_referral_family_pair_date ON referrals_referral "
    "(family_id, from_sector_id, to_sector_id, referred_on)",
    "CREATE INDEX bench_referral_family_date_taken ON referrals_referral "
    "(family_id, referred_on) INCLUDE (taken_in_charge_on, from_sector_id, to_sector_id)",
    "CREATE INDEX bench_referral_date_cohort ON referrals_referral "
    "(referred_on) INCLUDE (territory_id, family_id, status, from_sector_id, to_sector_id)",
)
