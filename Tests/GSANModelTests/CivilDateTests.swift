import GSANModel
import Testing

@Suite("CivilDate")
struct CivilDateTests {
    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (1970, 3, 1, 59), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017),
        (2024, 2, 29, 19_782), (2024, 3, 1, 19_783), (1900, 3, 1, -25_508), (1, 1, 1, -719_162),
        (9999, 12, 31, 2_932_896),
    ])
    func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int, _ days: Int) throws {
        let date = try #require(CivilDate(year: year, month: month, day: day))
        #expect(date.daysSinceEpoch == days)
        #expect(CivilDate(daysSinceEpoch: days) == date)
    }

    /// Every day from 1899 to 2101 follows the previous one: day+1, or the 1st of the next
    /// month after the month's last day; and converts back to the same count.
    @Test func consecutiveDaysAcrossMonthsAndLeapYears() throws {
        var previous = try #require(CivilDate(year: 1899, month: 1, day: 1))
        var leapDays = 0
        for days
            in (previous.daysSinceEpoch + 1)...(try #require(CivilDate(year: 2101, month: 12, day: 31))).daysSinceEpoch
        {
            let date = CivilDate(daysSinceEpoch: days)
            let endOfMonth = previous.day == CivilDate.daysInMonth(year: previous.year, month: previous.month)
            if endOfMonth {
                #expect(date.day == 1)
                #expect(date.month == previous.month % 12 + 1)
                #expect(date.year == previous.year + (previous.month == 12 ? 1 : 0))
            } else {
                #expect(date.year == previous.year && date.month == previous.month && date.day == previous.day + 1)
            }
            #expect(date.daysSinceEpoch == days)
            #expect(date.adding(days: -1) == previous)
            if date.month == 2 && date.day == 29 { leapDays += 1 }
            previous = date
        }
        #expect(leapDays == 49)  // 1904, 1908 … 2096 (1900 and 2100 are not leap years; 2000 is)
    }

    @Test func leapYearRule() {
        #expect(CivilDate.isLeapYear(2024))
        #expect(CivilDate.isLeapYear(2000))
        #expect(!CivilDate.isLeapYear(1900))
        #expect(!CivilDate.isLeapYear(2100))
        #expect(!CivilDate.isLeapYear(2023))
    }

    @Test(arguments: [
        ("1970-01-01", 5), ("2000-01-01", 7), ("2024-01-01", 2), ("2024-02-29", 5), ("2025-12-25", 5),
        ("1969-12-28", 1), ("1900-01-01", 2),
    ])
    func weekday(_ iso: String, _ weekday: Int) throws {
        let date = try #require(CivilDate(iso: iso))
        #expect(date.weekday == weekday)
        #expect(date.isWeekend == (weekday == 1 || weekday == 7))
    }

    @Test func invalidDatesAreRefused() {
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2024, month: 4, day: 31) == nil)
        #expect(CivilDate(year: 2024, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2024, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2024, month: 1, day: 0) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
        for text in [
            "2024-2-01", "2024-02-30", "24-02-01", "2024/02/01", "2024-02-01T00:00", "", "+024-01-01", "2024-+1-01",
        ] {
            #expect(CivilDate(iso: text) == nil, "\(text)")
        }
        for text in ["31/04/2024", "1/02/2024", "29/02/2023", "2024-02-01", "+1/02/2024"] {
            #expect(CivilDate(brazilian: text) == nil, "\(text)")
        }
    }

    @Test func textFormsAndArithmetic() throws {
        let date = try #require(CivilDate(brazilian: "29/02/2024"))
        #expect(date.iso == "2024-02-29")
        #expect(date.description == "29/02/2024")
        #expect(CivilDate(iso: "0001-01-01")?.iso == "0001-01-01")
        #expect(date.adding(days: 1) == CivilDate(iso: "2024-03-01"))
        #expect(date.adding(days: 366) == CivilDate(iso: "2025-03-01"))
        #expect(try #require(CivilDate(iso: "2025-01-01")) - date == 307)
        #expect(date < date.adding(days: 1))
    }
}
