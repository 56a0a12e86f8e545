-- Issue 12 item 6, the rules' last gaps.

-- 1. One vocabulary for how a result goes back (shared/vocabulary.ts RETURN_METHODS): the return
-- action took 'counter' | 'post' while intake records 'at_centre' | 'post' | 'online', so an
-- electronic result could be promised and never handed over. SQLite cannot change a CHECK in place:
-- the column is rebuilt beside the old one, the values carried over ('counter' is 'at_centre'), the
-- old column dropped and the new one given its name. The history keeps what it recorded ('counter' in
-- older `returned` events): it is read through the same mapping, never rewritten. No trigger, index
-- or view names the column, and no trigger fires on it.
ALTER TABLE dossiers ADD COLUMN returned_method TEXT CHECK (returned_method IN ('at_centre', 'post', 'online'));
UPDATE dossiers SET returned_method = CASE returned_by_method WHEN 'counter' THEN 'at_centre' ELSE returned_by_method END
  WHERE returned_by_method IS NOT NULL;
ALTER TABLE dossiers DROP COLUMN returned_by_method;
ALTER TABLE dossiers RENAME COLUMN returned_method TO returned_by_method;

-- 2. The supplement window per procedure (Decree 61 art. 19(4): 3 working days "unless sectoral law
-- says otherwise"), in working minutes; NULL: the centre's setting (centre.supplement_window_minutes).
ALTER TABLE procedures ADD COLUMN supplement_window_minutes INTEGER CHECK (supplement_window_minutes > 0);
ALTER TABLE procedures ADD COLUMN supplement_window_basis TEXT;

-- 3. Time-limit variants the law gives one procedure (a mountain or island commune, a case needing
-- verification, another kind of works), each with its basis and whether that basis was read in a
-- source (1) or is a proposal (0); the steps' working minutes for that variant, in the template's order.
CREATE TABLE procedure_time_limit_variants (
  procedure_code     TEXT NOT NULL REFERENCES procedures (code),
  key                TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND length(key) <= 40),
  seq                INTEGER NOT NULL CHECK (seq >= 1),
  name               TEXT NOT NULL,
  name_en            TEXT NOT NULL,
  time_limit_minutes INTEGER NOT NULL CHECK (time_limit_minutes > 0),
  step_minutes       TEXT NOT NULL,         -- JSON array of working minutes, one per template step
  basis              TEXT NOT NULL,
  sourced            INTEGER NOT NULL CHECK (sourced IN (0, 1)),
  PRIMARY KEY (procedure_code, key)
) STRICT;
-- The variant a dossier was received under, as promised (JSON {"key","vi","en","basis"}; NULL: the
-- standard limit): the receipt and "why this date" name it even if the catalogue changes later.
ALTER TABLE dossiers ADD COLUMN time_limit_variant TEXT;

-- A database made before this migration holds the shipped catalogue without these fields: they are
-- added for the shipped procedures it has (a new database gets them from data/catalogue/procedures.json;
-- server/db/upgrade-013.test.ts checks that both ways give the same rows).
UPDATE procedures SET supplement_window_minutes = 3360, supplement_window_basis = 'Luật Xây dựng 2014 điều 102 khoản 2 (ghi chú quy trình của bản ghi): trong 07 ngày làm việc cơ quan cấp phép thẩm định, kiểm tra thực địa và thông báo bổ sung một lần — đề xuất, cần đối chiếu văn bản hiện hành' WHERE code = '1.013225';
INSERT INTO procedure_time_limit_variants (procedure_code, key, seq, name, name_en, time_limit_minutes, step_minutes, basis, sourced)
SELECT v.* FROM (VALUES
  ('1.000894', 'xac-minh', 1, 'Cần xác minh điều kiện kết hôn', 'Marriage conditions need verification', 2400, '[30,2250,90,30]', 'Trang DVC trước 01/7/2025: cần xác minh điều kiện kết hôn thì không quá 05 ngày làm việc; bản ghi sau cải cách chỉ ghi 1 ngày — đề xuất, cần xác nhận còn áp dụng', 0),
  ('1.004873', 'xac-minh', 1, 'Cần xác minh tình trạng hôn nhân', 'Marital status needs verification', 11040, '[120,10560,240,120]', 'Trang DVC trước 01/7/2025: nếu phải xác minh thì không quá 23 ngày làm việc — đề xuất, cần xác nhận còn áp dụng', 0),
  ('1.013225', 'cong-trinh', 1, 'Công trình cấp III, cấp IV (không phải nhà ở riêng lẻ)', 'Grade III or IV works other than an individual house', 4800, '[240,3840,480,240]', 'QĐ 1077/QĐ-BXD (bản ghi DVC): 07 ngày làm việc với nhà ở riêng lẻ, 10 ngày làm việc với công trình', 1),
  ('1.115520', 'mien-nui-hai-dao', 1, 'Xã miền núi, hải đảo, vùng có điều kiện kinh tế - xã hội khó khăn', 'Mountain, island or disadvantaged commune', 11040, '[240,8880,480,720,480,240]', 'QĐ 2252/QĐ-VP (bản ghi DVC, thủ tục riêng Thanh Hóa): không quá 23 ngày làm việc (đăng ký đất đai 20, cấp GCN 03) ở xã miền núi, hải đảo, vùng có điều kiện kinh tế - xã hội khó khăn', 1),
  ('1.115490', 'mien-nui-hai-dao', 1, 'Xã miền núi, hải đảo, vùng có điều kiện kinh tế - xã hội khó khăn', 'Mountain, island or disadvantaged commune', 8160, '[240,7440,240,240]', 'Bản ghi DVC (thủ tục riêng Thanh Hóa): không quá 17 ngày làm việc ở xã miền núi, hải đảo, vùng có điều kiện kinh tế - xã hội khó khăn', 1)
) AS v WHERE v.column1 IN (SELECT code FROM procedures);
