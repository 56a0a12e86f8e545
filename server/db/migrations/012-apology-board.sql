-- The public apology board (issue 12 item 5): how many days an apology stays on the kiosk's
-- "Thư xin lỗi" tab, /cong-khai and GET /api/public/apologies after the day it was made
-- (`motcua settings set apology-board-days N`). Agencies apologise publicly for late results
-- (Decree 61/2018 art. 19(9); Thanh Hóa practice); 30 days by default, at most a year.
ALTER TABLE centre ADD COLUMN apology_board_days INTEGER NOT NULL DEFAULT 30 CHECK (apology_board_days BETWEEN 1 AND 365);
