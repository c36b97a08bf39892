import Foundation

/// `Date` ↔ `timestamptz`, to the microsecond (PostgreSQL's resolution).
///
/// Encoded as `2024-02-29 13:45:07.123456+00`. Decodes `timestamptz` and `timestamp`
/// (read as UTC, the session time zone) and `date` (midnight UTC). The arithmetic is done
/// on whole microseconds counted from 2001-01-01 (Foundation's reference date), so a
/// value read back equals the `Date` that was written, rounded to the microsecond: exactly
/// between about 1865 and 2137, where a `Date` (a `Double` of seconds) still resolves a
/// microsecond; farther out, to within the `Date`'s own resolution.
extension Date: PostgresCodable {
    public static var postgresType: PostgresType { .timestamptz }

    public func postgresEncoded() throws -> PostgresEncodedValue? {
        guard timeIntervalSinceReferenceDate.isFinite,
            abs(timeIntervalSinceReferenceDate) < 8.0e12  // ± 250 000 years: Int64 microseconds, civil math safe
        else {
            throw PostgresError(kind: .encoding, message: "Date out of PostgreSQL's timestamp range")
        }
        let micros = Int64((timeIntervalSinceReferenceDate * 1_000_000).rounded()) + PostgresTimestamp.referenceMicros
        return .text(PostgresTimestamp.format(microsSinceEpoch: micros))
    }

    public init(postgresText text: String, type: PostgresType) throws {
        guard let micros = PostgresTimestamp.parse(text) else {
            throw PostgresDecodingFailure("not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]])")
        }
        self.init(timeIntervalSinceReferenceDate: Double(micros - PostgresTimestamp.referenceMicros) / 1_000_000)
    }
}

/// Timestamp text ↔ microseconds since 1970-01-01 UTC, with the days-from-civil
/// algorithm (proleptic Gregorian calendar, as PostgreSQL uses).
enum PostgresTimestamp {
    /// 2001-01-01 00:00:00 UTC in microseconds since 1970.
    static let referenceMicros: Int64 = 978_307_200_000_000
    private static let microsPerDay: Int64 = 86_400_000_000

    static func format(microsSinceEpoch micros: Int64) -> String {
        let days = floorDiv(micros, microsPerDay)
        var rest = micros - days * microsPerDay
        let (year, month, day) = civil(fromDays: days)
        let hour = rest / 3_600_000_000
        rest %= 3_600_000_000
        let minute = rest / 60_000_000
        rest %= 60_000_000
        let second = rest / 1_000_000
        let fraction = rest % 1_000_000
        let bc = year <= 0
        var text = pad(bc ? 1 - year : year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += " " + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if fraction != 0 { text += "." + pad(fraction, 6) }
        return text + "+00" + (bc ? " BC" : "")
    }

    /// `YYYY-MM-DD[ HH:MM:SS[.f…]][±HH[:MM[:SS]]][ BC]` → microseconds since 1970 (UTC).
    static func parse(_ text: String) -> Int64? {
        var scanner = ByteScanner(Array(text.utf8))
        var bc = false
        if scanner.bytes.count > 3, scanner.bytes.suffix(3) == [32, 66, 67] {  // " BC"
            bc = true
            scanner.bytes.removeLast(3)
        }
        guard let rawYear = scanner.number(minDigits: 4, maxDigits: 7), scanner.take(45),
            let month = scanner.number(exactly: 2), scanner.take(45), let day = scanner.number(exactly: 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let year = bc ? 1 - rawYear : rawYear
        var micros = daysFromCivil(year: year, month: month, day: day) * microsPerDay
        guard !scanner.atEnd else { return micros }
        guard scanner.take(32) || scanner.take(84),  // ' ' or 'T'
            let hour = scanner.number(exactly: 2), scanner.take(58), let minute = scanner.number(exactly: 2),
            scanner.take(58), let second = scanner.number(exactly: 2), hour <= 24, minute < 60, second < 61
        else { return nil }
        micros += (hour * 3600 + minute * 60 + second) * 1_000_000
        if scanner.take(46) {  // '.'
            var digits = 0
            var fraction: Int64 = 0
            while let digit = scanner.digit() {
                guard digits < 6 else { return nil }
                fraction = fraction * 10 + digit
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<6 { fraction *= 10 }
            micros += fraction
        }
        if let sign = scanner.peek(), sign == 43 || sign == 45 {  // '+' / '-'
            scanner.advance()
            guard let offsetHours = scanner.number(exactly: 2) else { return nil }
            var offset = offsetHours * 3600
            if scanner.take(58) {
                guard let minutes = scanner.number(exactly: 2) else { return nil }
                offset += minutes * 60
                if scanner.take(58) {
                    guard let seconds = scanner.number(exactly: 2) else { return nil }
                    offset += seconds
                }
            }
            micros -= (sign == 43 ? offset : -offset) * 1_000_000
        }
        return scanner.atEnd ? micros : nil
    }

    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A cursor over ASCII bytes, for the fixed formats the server prints.
struct ByteScanner {
    var bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func advance() { position += 1 }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    mutating func digit() -> Int64? {
        guard let byte = peek(), (48...57).contains(byte) else { return nil }
        position += 1
        return Int64(byte - 48)
    }

    mutating func number(exactly count: Int) -> Int64? { number(minDigits: count, maxDigits: count) }

    mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
        var value: Int64 = 0
        var count = 0
        while count < maxDigits, let digit = digit() {
            value = value * 10 + digit
            count += 1
        }
        return count >= minDigits ? value : nil
    }
}
