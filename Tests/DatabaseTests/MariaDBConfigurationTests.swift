@testable import Database
import Testing

/// Parts of the MariaDB driver that need no server.
@Suite("MariaDB configuration and error mapping")
struct MariaDBConfigurationTests {
    private let secret = "s3cr3t-Pa55-word"

    @Test func passwordNeverPrinted() {
        let config = MariaDBConfiguration(
            host: "db.example.org", port: 3307, user: "tessera", password: secret, database: "store",
            tlsMode: .verifyIdentity, caFile: "/etc/tessera/ca.pem")
        var dumped = ""
        dump(config, to: &dumped)
        for text in [String(describing: config), "\(config)", String(reflecting: config), dumped] {
            #expect(!text.contains(secret), "\(text)")
            #expect(!text.contains("Pa55"), "\(text)")
        }
        #expect(String(describing: config).contains("tessera@db.example.org:3307/store"))
        #expect(String(describing: config).contains("password set"))
        #expect(dumped.contains("redacted"))
    }

    @Test func defaultsAndValidation() throws {
        let config = MariaDBConfiguration(user: "u", password: "", database: "d")
        #expect(config.host == "127.0.0.1" && config.port == 3306 && config.charset == "utf8mb4")
        #expect(config.tlsMode == .none && !config.createDatabaseIfMissing)
        try config.validate()

        var bad = config
        bad.port = 70_000
        #expect(throws: DatabaseError.self) { try bad.validate() }
        bad = config
        bad.database = String(repeating: "x", count: 65)
        #expect(throws: DatabaseError.self) { try bad.validate() }
        bad = config
        bad.charset = "utf8mb4; DROP"
        #expect(throws: DatabaseError.self) { try bad.validate() }
        bad = config
        bad.readTimeout = -1
        #expect(throws: DatabaseError.self) { try bad.validate() }
        bad = config
        bad.host = ""
        bad.unixSocket = "/run/mysqld/mysqld.sock"
        try bad.validate()  // the host is not used with a socket
    }

    @Test(arguments: [
        (2006, DatabaseError.Code.connectionLost), (2013, .connectionLost), (2002, .connectionLost),
        (1927, .connectionLost), (1053, .connectionLost), (2026, .connectionLost), (1205, .busy), (1213, .deadlock),
        (1062, .constraint), (1048, .constraint), (1451, .constraint), (1452, .constraint),
        (1216, .constraint), (1217, .constraint), (4025, .constraint), (1064, .syntax), (1146, .other),
        (1792, .other),
    ])
    func errorCodes(number: Int, code: DatabaseError.Code) {
        #expect(MariaDBConnection.code(forErrorNumber: UInt32(number)) == code)
    }

    @Test func quotedValuesAreRedacted() {
        let duplicate = MariaDBConnection.redacted("Duplicate entry 'alice@example.org' for key 'email'", errorNumber: 1062)
        #expect(duplicate == "Duplicate entry (value withheld) for key 'email'")
        let tricky = MariaDBConnection.redacted("Duplicate entry 'x' for key 'y'' for key 'email'", errorNumber: 1062)
        #expect(!tricky.contains("x'"))
        let conversion = MariaDBConnection.redacted(
            "Incorrect integer value: 'hunter2' for column `db`.`t`.`i` at row 1", errorNumber: 1366)
        #expect(conversion == "Incorrect integer value: '(withheld)' for column `db`.`t`.`i` at row 1")
        let truncated = MariaDBConnection.redacted("Truncated incorrect DOUBLE value: 'hunter2'", errorNumber: 1292)
        #expect(!truncated.contains("hunter2"))
        let other = "Table 'db.t' doesn't exist"
        #expect(MariaDBConnection.redacted(other, errorNumber: 1146) == other)
    }
}
