// Fictional applicants for the demo: common Vietnamese family, middle and given names combined at
// random. Any resemblance to a real person is chance; ID numbers start with 999 (no province has that
// code) and phone numbers with 0999, so they cannot be mistaken for real ones.
export const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô', 'Dương', 'Lý', 'Trịnh', 'Mai', 'Hà', 'Lương'];
export const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Xuân', 'Đình'];
export const MIDDLE_F = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Phương', 'Kim'];
export const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khoa', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Tuấn', 'Việt'];
export const GIVEN_F = ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Thảo', 'Yến'];
export const HAMLETS = ['Thôn Đông', 'Thôn Tây', 'Thôn Nam Sơn', 'Thôn Bắc Hà', 'Thôn Trung Tâm', 'Thôn Yên Lạc', 'Thôn Đồng Xanh'];
