import AMQP
import Foundation
import Postgres

// MARK: - Formatting (pure: no I/O, no clock)

extension JobAdmin {
    /// `45 s`, `3 min`, `2 h 5 min`, `3 d 4 h`: whole units, rounded down.
    public static func formatAge(seconds: Double) -> String {
        let total = seconds.isFinite ? max(0, Int(seconds.rounded(.down))) : 0
        let minutes = total / 60
        let hours = minutes / 60
        let days = hours / 24
        if total < 60 { return "\(total) s" }
        if minutes < 60 { return "\(minutes) min" }
        if hours < 24 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        return hours % 24 == 0 ? "\(days) d" : "\(days) d \(hours % 24) h"
    }

    /// `02/06/2025 14:03:07` in `timeZone` (the machine's, by default).
    public static func formatTimestamp(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String {
            let n = n ?? 0
            return n < 10 ? "0\(n)" : "\(n)"
        }
        return "\(two(c.day))/\(two(c.month))/\(c.year ?? 0) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// The Portuguese name of a job state.
    public static func stateLabel(_ state: String) -> String {
        switch state {
        case "pending": "pendente"
        case "published": "publicado"
        case "running": "executando"
        case "waiting": "aguardando"
        case "retrying": "retentativa"
        case "done": "concluído"
        case "dead": "morto"
        case "discarded": "descartado"
        default: state
        }
    }

    /// The Portuguese name of a history event.
    public static func eventLabel(_ event: String) -> String {
        switch event {
        case "failed": "falhou"
        case "retrying": "retentativa"
        case "dead": "morto"
        case "replayed": "reprocessado"
        case "discarded": "descartado"
        case "done": "concluído"
        default: event
        }
    }

    /// One line, at most `limit` characters (`…` when cut): for messages inside tables.
    public static func oneLine(_ text: String, limit: Int = 100) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ⏎ ")
        guard flat.count > limit, limit > 0 else { return flat }
        return String(flat.prefix(limit - 1)) + "…"
    }

    /// Columns padded to their widest cell, two spaces apart, a dashed rule under the
    /// header; columns in `rightAligned` (numbers) are aligned right. No trailing spaces.
    public static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let columns = ([header] + rows).map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for line in [header] + rows {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func render(_ line: [String]) -> String {
            var text = ""
            for index in 0..<columns {
                let cell = index < line.count ? line[index] : ""
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                if index > 0 { text += "  " }
                text += rightAligned.contains(index) ? pad + cell : cell + pad
            }
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([render(header), rule] + rows.map(render)).joined(separator: "\n")
    }

    /// A count in a table: `·` for zero, so the non-zero cells stand out.
    static func countCell(_ n: Int) -> String { n == 0 ? "·" : String(n) }

    /// `gsan jobs`: one line per kind, a column per state, totals; the oldest job waiting
    /// to run; the latest failures.
    public static func render(_ summary: Summary, timeZone: TimeZone = .current) -> String {
        var out: [String] = []
        if summary.kinds.isEmpty {
            out.append("Nenhum job registrado.")
        } else {
            let header = ["tipo"] + states.map(stateLabel) + ["total"]
            var rows = summary.kinds.map { kind in
                [kind.kind] + states.map { countCell(kind.count($0)) } + [String(kind.total)]
            }
            let totals = summary.totals
            rows.append(["total"] + states.map { countCell(totals.count($0)) } + [String(totals.total)])
            out.append(table(header, rows, rightAligned: Set(1...(states.count + 1))))
        }
        out.append("")
        if let oldest = summary.oldestQueued {
            out.append(
                "Mais antigo na fila: \(oldest.id) (\(oldest.kind), \(stateLabel(oldest.state))) há \(formatAge(seconds: oldest.age))."
            )
        } else {
            out.append("Nenhum job pendente ou publicado.")
        }
        out.append("")
        if summary.recentFailures.isEmpty {
            out.append("Nenhuma falha registrada.")
        } else {
            out.append("Falhas recentes (\(summary.recentFailures.count) mais recentes):")
            out.append(
                table(
                    ["quando", "evento", "job", "tipo", "tentativa", "mensagem"],
                    summary.recentFailures.map {
                        [
                            formatTimestamp($0.at, timeZone: timeZone), eventLabel($0.event), $0.jobID, $0.kind,
                            String($0.attempt), oneLine($0.message ?? ""),
                        ]
                    }, rightAligned: [4]))
        }
        return out.joined(separator: "\n")
    }

    /// `gsan job show`: the row, its history, its children.
    public static func render(_ job: JobDetail, timeZone: TimeZone = .current) -> String {
        func when(_ date: Date?) -> String { date.map { formatTimestamp($0, timeZone: timeZone) } ?? "—" }
        var fields: [(String, String)] = [
            ("job", job.id),
            ("tipo", "\(job.kind) (família \(job.family), versão do payload \(job.schemaVersion))"),
            ("estado", "\(stateLabel(job.state)) (\(job.state))"),
            ("tentativas", "\(job.attempts)/\(job.maxAttempts)"),
            ("geração", String(job.generation)),
            ("pai", job.parentID ?? "—"),
            ("correlação", job.correlationID ?? "—"),
            ("criado", when(job.createdAt)),
            ("publicado", when(job.publishedAt)),
            ("iniciado", when(job.startedAt)),
            ("terminado", when(job.finishedAt)),
            ("worker", job.worker ?? "—"),
        ]
        if let error = job.lastError {
            fields.append(("último erro", "\(when(job.lastErrorAt)): \(error)"))
        } else {
            fields.append(("último erro", "—"))
        }
        let width = fields.map(\.0.count).max() ?? 0
        var out = fields.map { label, value in
            let indent = "\n" + String(repeating: " ", count: width + 2)
            return label + String(repeating: " ", count: width - label.count) + "  "
                + value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: indent)
        }
        func block(_ title: String, _ json: String?) {
            out.append("")
            guard let json else {
                out.append("\(title): —")
                return
            }
            out.append("\(title):")
            out.append(contentsOf: json.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 })
        }
        block("payload", job.payload)
        block("resultado", job.result)
        block("continuação", job.continuation)

        out.append("")
        let children = job.children
        if children.total == 0 && children.recorded == 0 {
            out.append("filhos: nenhum")
        } else {
            let present =
                states.filter { children.byState[$0] != nil }
                + children.byState.keys.filter { !states.contains($0) }.sorted()
            let counts = present.map { "\(stateLabel($0)) \(children.byState[$0]!)" }.joined(separator: ", ")
            out.append(
                "filhos: \(children.total) (concluídos \(children.done))" + (counts.isEmpty ? "" : ": \(counts)"))
            if !children.openIDs.isEmpty {
                let open = children.recorded - (children.byState["done"] ?? 0)
                let shown =
                    open > children.openIDs.count ? " (os \(children.openIDs.count) mais antigos de \(open))" : ""
                out.append("  não concluídos\(shown):")
                out.append(contentsOf: children.openIDs.map { "    " + $0 })
            }
        }

        out.append("")
        if job.events.isEmpty {
            out.append("histórico: nenhum evento")
        } else {
            out.append("histórico:")
            let rows = job.events.map {
                [
                    formatTimestamp($0.at, timeZone: timeZone), eventLabel($0.event), String($0.attempt),
                    $0.worker ?? "", oneLine($0.message ?? "", limit: 200),
                ]
            }
            out.append(
                table(["quando", "evento", "tentativa", "worker", "mensagem"], rows, rightAligned: [2])
                    .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        return out.joined(separator: "\n")
    }

    /// `gsan dlq list`.
    public static func render(deadJobs jobs: [DeadJob], total: Int, timeZone: TimeZone = .current) -> String {
        guard !jobs.isEmpty else { return "Nenhum job morto." }
        let rows = jobs.map {
            [
                $0.id, $0.kind, "\($0.attempts)/\($0.maxAttempts)",
                $0.lastErrorAt.map { formatTimestamp($0, timeZone: timeZone) } ?? "—", oneLine($0.lastError ?? ""),
            ]
        }
        var text = table(["job", "tipo", "tentativas", "morreu em", "último erro"], rows, rightAligned: [2])
        text += "\n\n"
        text +=
            total > jobs.count
            ? "\(total) jobs mortos; mostrando os \(jobs.count) mais antigos." : "\(total) job(s) morto(s)."
        return text
    }

    /// What a replay or discard did, refused and warned.
    public static func render(_ outcome: Outcome) -> String {
        var out: [String] = []
        let verb = outcome.action == .replay ? "Reprocessados" : "Descartados"
        if outcome.affected.isEmpty {
            out.append(outcome.action == .replay ? "Nenhum job reprocessado." : "Nenhum job descartado.")
        } else {
            out.append("\(verb) (\(outcome.affected.count)):")
            out.append(contentsOf: outcome.affected.map { "  \($0.id)  (\($0.kind), geração \($0.generation))" })
            if outcome.action == .replay {
                out.append("Voltaram a pendentes; o relay os publica de novo.")
            }
            if outcome.brokerWarning == nil {
                out.append("Cópias removidas das filas de mortos do RabbitMQ: \(outcome.brokerCopiesRemoved).")
            }
        }
        if !outcome.refused.isEmpty {
            out.append("Recusados (\(outcome.refused.count)):")
            out.append(contentsOf: outcome.refused.map { "  \($0.id): \($0.reason)" })
        }
        if let warning = outcome.brokerWarning {
            out.append("Aviso: \(warning)")
        }
        return out.joined(separator: "\n")
    }

    /// The broker part of `gsan jobs`: per family, work (ready / consumers), waiting
    /// retries, dead.
    public static func render(queues: [QueueDepths]) -> String {
        func cell(_ n: Int?) -> String { n.map(String.init) ?? "ausente" }
        let rows = queues.map { depth in
            [
                depth.family, cell(depth.work), depth.consumers.map(String.init) ?? "—", cell(depth.retrying),
                cell(depth.dead),
            ]
        }
        return table(["família", "na fila", "consumidores", "em espera", "mortos"], rows, rightAligned: [1, 2, 3, 4])
    }
}
