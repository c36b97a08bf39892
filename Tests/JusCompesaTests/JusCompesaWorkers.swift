import JusCompesaRegras
import TestSupport

/// Real `gsan-juscompesa` processes on a family of queues of the test's own.
final class JusCompesaWorkers: TestWorkers, @unchecked Sendable {
    init(databaseURL: String) throws {
        try super.init("gsan-juscompesa", databaseURL: databaseURL, familyPrefix: "jus")
    }
}
