/// A day of the civil calendar (no time, no time zone): due dates, planned dates,
/// holidays. Stored as SQL `date`.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Fails for a day that does not exist (31/04, 29/02 outside leap years, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `AAAA-MM-DD`, as PostgreSQL prints a `date` with DateStyle ISO.
    public init?(iso text: some StringProtocol) {
        // The form PostgreSQL prints, straight from the bytes: decoding a date column went
        // through split and Int(Substring) and was a sixth of the route worker's CPU (perf,
        // issue 22). Anything else takes the general path below, unchanged.
        if case let (y, m, d)? = text.utf8.withContiguousStorageIfAvailable({ Self.isoExato($0) }) ?? nil {
            self.init(year: y, month: m, day: d)
            return
        }
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `AAAA-MM-DD` exactly (10 bytes, ASCII digits), as year, month and day; nil otherwise.
    static func isoExato(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func numero(_ de: Int, _ ate: Int) -> Int? {
            var n = 0
            for i in de..<ate {
                let digito = b[i] &- UInt8(ascii: "0")
                guard digito < 10 else { return nil }
                n = n * 10 + Int(digito)
            }
            return n
        }
        guard let y = numero(0, 4), let m = numero(5, 7), let d = numero(8, 10) else { return nil }
        return (y, m, d)
    }

    /// `DD/MM/AAAA`, as people write dates in the source documents.
    public init?(brazilian text: some StringProtocol) {
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before), by the civil-from-days algorithm.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    public static func - (lhs: CivilDate, rhs: CivilDate) -> Int { lhs.daysSinceEpoch - rhs.daysSinceEpoch }

    /// 1 = domingo … 7 = sábado (1970-01-01 was a Thursday).
    public var weekday: Int { ((daysSinceEpoch % 7 + 7 + 4) % 7) + 1 }

    public var isWeekend: Bool { weekday == 1 || weekday == 7 }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// `AAAA-MM-DD`.
    public var iso: String { zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2) }

    /// `DD/MM/AAAA`.
    public var description: String { zeroPadded(day, 2) + "/" + zeroPadded(month, 2) + "/" + zeroPadded(year, 4) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "data inválida: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits (never cut): ids in file
/// names, record fields, dates.
public func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
