import Foundation

/// How long a program that must end on its own (a CLI command, `gsan-scheduler --once`) may
/// run: past the deadline it says so on standard error, with the last problem it met (a
/// server refusing the password, a lock never released), and exits with status 124, as
/// `timeout(1)` does. A cron job or a person waiting at a terminal never waits forever;
/// whatever transaction was open is rolled back by the server when the connection drops.
public enum Prazo {
    /// The deadline, unless the command says otherwise (`--prazo SEGUNDOS`).
    public static let padrao = 60.0
    public static let exitStatus: Int32 = 124

    private static let lock = NSLock()
    nonisolated(unsafe) private static var lastProblem: String?
    nonisolated(unsafe) private static var started = false

    /// Starts the watchdog (once per process): `programa` names what gave up.
    public static func iniciar(_ seconds: Double, programa: String) {
        let first = lock.withLock { () -> Bool in
            defer { started = true }
            return !started
        }
        guard first, seconds > 0, seconds.isFinite else { return }
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds)
            let problem = lock.withLock { lastProblem }
            var message = "\(programa): desistiu depois de \(Self.describe(seconds)) sem terminar (prazo: --prazo SEGUNDOS)"
            if let problem { message += "; último problema: \(problem)" }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            _exit(exitStatus)
        }
        thread.name = "gsan-prazo"
        thread.start()
    }

    /// What the watchdog's message names if the deadline passes (the latest wins).
    public static func anotar(_ problem: String) {
        lock.withLock { lastProblem = redactingPassword(problem) }
    }

    /// Takes `--prazo N` / `--prazo=N` out of a command line: the seconds (nil when absent),
    /// or an error message for a value that is not a positive number of seconds.
    public static func extrair(_ arguments: inout [String]) -> Result<Double?, ConfigurationError> {
        var value: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--prazo" {
                guard index + 1 < arguments.count else { return .failure(ConfigurationError("--prazo sem valor (segundos)")) }
                value = arguments[index + 1]
                arguments.removeSubrange(index...(index + 1))
                continue
            }
            if argument.hasPrefix("--prazo=") {
                value = String(argument.dropFirst("--prazo=".count))
                arguments.remove(at: index)
                continue
            }
            index += 1
        }
        guard let value else { return .success(nil) }
        guard let seconds = Double(value), seconds.isFinite, seconds > 0, seconds <= 86_400 * 7 else {
            return .failure(ConfigurationError("--prazo inválido: \(value) (segundos, de 1 a 604800)"))
        }
        return .success(seconds)
    }

    static func describe(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
