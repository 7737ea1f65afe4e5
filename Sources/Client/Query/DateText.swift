/// Dates as the CLI reads and prints them, in UTC: `2024-05-01`, `2024-05-01T10:30`,
/// `2024-05-01 10:30:15Z`. Pure calendar arithmetic (proleptic Gregorian, H. Hinnant's
/// days-from-civil), no locale, no time zone database.
public enum DateText {
    /// The FILETIME of a date text; nil when it is not one of the forms or not a real date.
    public static func parse(_ text: String) -> FileTime? {
        var rest = Substring(text.trimmingWhitespace())
        if rest.hasSuffix("Z") || rest.hasSuffix("z") { rest = rest.dropLast() }
        let parts = rest.split(omittingEmptySubsequences: false) { $0 == "T" || $0 == "t" || $0 == " " }
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, date[0].count == 4, date[1].count == 2, date[2].count == 2,
            let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard time.count == 2 || time.count == 3, time.allSatisfy({ $0.count == 2 }),
                let hour = Int(time[0]), let minute = Int(time[1]), (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            let second = time.count == 3 ? Int(time[2]) : 0
            guard let second, (0...59).contains(second) else { return nil }
            seconds = hour * 3_600 + minute * 60 + second
        }
        return FileTime(unixSeconds: Double(daysFromCivil(year, month, day) * 86_400 + seconds))
    }

    /// `2024-05-01 10:30` (UTC; seconds dropped).
    public static func format(_ time: FileTime) -> String {
        let (date, hour, minute, _) = parts(time)
        return "\(date) \(pad(hour, 2)):\(pad(minute, 2))"
    }

    /// `2024-05-01T10:30:15Z` (ISO 8601, UTC, whole seconds).
    public static func iso8601(_ time: FileTime) -> String {
        let (date, hour, minute, second) = parts(time)
        return "\(date)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    /// The date (`2024-05-01`) and time of day of a FILETIME, rounded down to the second.
    private static func parts(_ time: FileTime) -> (date: String, hour: Int, minute: Int, second: Int) {
        let ticks = time.rawValue - 11_644_473_600 * 10_000_000
        let total = Int(ticks >= 0 ? ticks / 10_000_000 : (ticks - 9_999_999) / 10_000_000)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let second = total - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return ("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))", second / 3_600, second % 3_600 / 60, second % 60)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension StringProtocol {
    /// Without leading and trailing white space.
    func trimmingWhitespace() -> Substring {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else {
            return Substring()
        }
        return Substring(self[start...end])
    }
}
