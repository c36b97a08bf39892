public import Foundation

extension CivilDate {
    /// Where the utility is: schedules, closes and bill dates are local dates there.
    public static let fusoHorarioDaEmpresa = "America/Sao_Paulo"

    /// Today's date where the utility is.
    public static func hoje(fusoHorario: String = fusoHorarioDaEmpresa, agora: Date = Date()) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: fusoHorario) ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: agora)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The instant this date begins where the utility is (its midnight there).
    public func inicio(fusoHorario: String = fusoHorarioDaEmpresa) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: fusoHorario) ?? .gmt
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
            ?? Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400)
    }
}
