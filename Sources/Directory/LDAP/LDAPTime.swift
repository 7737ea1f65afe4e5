import Foundation

/// The two time formats directories store password-change times in.
enum LDAPTime {
    /// Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01.
    static let fileTimeEpochOffset: Double = 11_644_473_600

    /// RFC 4517 generalized time, as OpenLDAP writes `pwdChangedTime` and `modifyTimestamp`:
    /// `YYYYMMDDHH[MM[SS]][(.|,)fraction](Z|±HH[MM])`, the fraction belonging to the last unit
    /// given. Nil when malformed or out of range.
    static func generalizedTime(_ text: String) -> Date? {
        var digits = Array(text.utf8)[...]
        func number(_ count: Int) -> Int? {
            guard digits.count >= count else { return nil }
            let part = digits.prefix(count)
            guard part.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            digits = digits.dropFirst(count)
            return part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        guard let year = number(4), let month = number(2), let day = number(2), let hour = number(2) else { return nil }
        var units: [Int] = [hour]  // hour, minute, second as far as given
        while units.count < 3, let next = digits.first, next != UInt8(ascii: "."), next != UInt8(ascii: ","),
            next != UInt8(ascii: "Z"), next != UInt8(ascii: "+"), next != UInt8(ascii: "-")
        {
            guard let value = number(2) else { return nil }
            units.append(value)
        }
        var fraction = 0.0
        if let mark = digits.first, mark == UInt8(ascii: ".") || mark == UInt8(ascii: ",") {
            digits = digits.dropFirst()
            let fractionDigits = digits.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard !fractionDigits.isEmpty else { return nil }
            fraction = Double("0." + String(decoding: fractionDigits, as: UTF8.self)) ?? 0
            digits = digits.dropFirst(fractionDigits.count)
        }
        var offset = 0
        switch digits.first {
        case UInt8(ascii: "Z"):
            digits = digits.dropFirst()
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = digits.first == UInt8(ascii: "-") ? -1 : 1
            digits = digits.dropFirst()
            guard let hours = number(2), hours < 24 else { return nil }
            let minutes = digits.isEmpty ? 0 : number(2)
            guard let minutes, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        default:
            return nil  // local time without an offset cannot be placed
        }
        let minute = units.count > 1 ? units[1] : 0
        let second = units.count > 2 ? units[2] : 0
        guard digits.isEmpty, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else {
            return nil
        }
        let unitSeconds = [3600.0, 60.0, 1.0][units.count - 1]
        let seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Double(hour * 3600 + minute * 60 + second - offset) + fraction * unitSeconds
        return Date(timeIntervalSince1970: seconds)
    }

    /// A FILETIME in decimal (AD's `pwdLastSet`): 100 ns since 1601-01-01 UTC. 0 means "must
    /// change at next logon" and reads as `Date.distantFuture`; negative or malformed values as nil.
    static func fileTime(_ text: String) -> Date? {
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else { return nil }
        if value == 0 { return .distantFuture }
        // Whole seconds and the rest apart: a FILETIME has more digits than a Double holds exactly.
        let seconds = Double(value / 10_000_000) - fileTimeEpochOffset
        return Date(timeIntervalSince1970: seconds + Double(value % 10_000_000) / 10_000_000)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
