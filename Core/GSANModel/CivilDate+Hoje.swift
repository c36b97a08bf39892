import Foundation

extension CivilDate {
    /// Today's date where the utility is (schedules and closes are in local dates).
    public static func hoje(fusoHorario: String = "America/Sao_Paulo", agora: Date = Date()) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: fusoHorario) ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: agora)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
