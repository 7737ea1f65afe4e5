-- Run once by the mariadb image on an empty volume, after it created the account tessera
-- (MARIADB_USER, MARIADB_PASSWORD_FILE): a database per Tessera server, with Tessera's
-- character set (docs/storage.md), and every privilege on it for tessera.
CREATE DATABASE IF NOT EXISTS tessera_s1 CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
CREATE DATABASE IF NOT EXISTS tessera_s2 CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
CREATE DATABASE IF NOT EXISTS tessera_s3 CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
GRANT ALL PRIVILEGES ON tessera_s1.* TO 'tessera'@'%';
GRANT ALL PRIVILEGES ON tessera_s2.* TO 'tessera'@'%';
GRANT ALL PRIVILEGES ON tessera_s3.* TO 'tessera'@'%';
