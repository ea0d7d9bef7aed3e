-- The contact lines of an imported notice (version 0012).
UPDATE plans SET notice_contact = '联系电话：029-88880001
电子邮箱：zgb@example.gov.cn' WHERE title LIKE '升级省科学技术厅党组%';
