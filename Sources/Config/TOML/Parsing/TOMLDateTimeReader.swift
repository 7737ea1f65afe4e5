/// Reads one RFC 3339 date, time or date-time token as TOML 1.0 allows them (seconds
/// required, `T`, `t` or a space between date and time, `Z` or `±hh:mm` offsets) and checks
/// every field's range, including the days of the month in leap years.
struct TOMLDateTimeReader {
    let token: [UInt8]
    let position: TOMLPosition
    private var index = 0

    init(token: [UInt8], position: TOMLPosition) {
        self.token = token
        self.position = position
    }

    mutating func read() throws(TOMLError) -> TOMLDateTime {
        let text = String(decoding: token, as: UTF8.self)
        if token.count > 2 && token[2] == UInt8(ascii: ":") {
            try readTime()
            try expectEnd()
            return TOMLDateTime(kind: .localTime, text: text)
        }
        let year = try number(digits: 4)
        try expect("-")
        let month = try number(digits: 2)
        try expect("-")
        let day = try number(digits: 2)
        guard (1...12).contains(month) else { throw invalid("month \(month) is not 1 to 12") }
        guard (1...Self.days(inMonth: month, year: year)).contains(day) else {
            throw invalid("day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month)")
        }
        guard index < token.count else { return TOMLDateTime(kind: .localDate, text: text) }
        guard [UInt8(ascii: "T"), UInt8(ascii: "t"), 0x20].contains(token[index]) else {
            throw invalid("expected T or a space between the date and the time")
        }
        index += 1
        try readTime()
        guard index < token.count else { return TOMLDateTime(kind: .localDateTime, text: text) }
        switch token[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            index += 1
            let hours = try number(digits: 2)
            try expect(":")
            let minutes = try number(digits: 2)
            guard hours <= 23, minutes <= 59 else { throw invalid("offset \(hours):\(minutes) is out of range") }
        default:
            throw invalid("expected Z or an offset like +02:00 after the time")
        }
        try expectEnd()
        return TOMLDateTime(kind: .offsetDateTime, text: text)
    }

    /// `hh:mm:ss` with an optional fraction.
    private mutating func readTime() throws(TOMLError) {
        let hour = try number(digits: 2)
        try expect(":")
        let minute = try number(digits: 2)
        try expect(":")
        let second = try number(digits: 2)
        guard hour <= 23, minute <= 59, second <= 60 else {
            throw invalid("time \(hour):\(minute):\(second) is out of range")
        }
        if index < token.count && token[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < token.count && token[index].isDecimalDigit { index += 1 }
            guard index > start else { throw invalid("a fraction of a second needs digits") }
        }
    }

    private mutating func number(digits: Int) throws(TOMLError) -> Int {
        guard index + digits <= token.count else { throw invalid("too short") }
        var value = 0
        for _ in 0..<digits {
            guard token[index].isDecimalDigit else { throw invalid("expected a digit") }
            value = value * 10 + Int(token[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(TOMLError) {
        guard index < token.count, token[index] == UInt8(ascii: character) else { throw invalid("expected \(character)") }
        index += 1
    }

    private func expectEnd() throws(TOMLError) {
        guard index == token.count else { throw invalid("unexpected characters at the end") }
    }

    private func invalid(_ why: String) -> TOMLError {
        TOMLError(.invalidDateTime, "invalid date-time \(String(decoding: token.prefix(40), as: UTF8.self)): \(why)", at: position)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
