import Foundation
import GSANSupport
import Testing

/// `gravarAtomico` and the removal of what a killed writer left: the stale temporaries of the files asked, found
/// with one listing of their folder, and only theirs (another file's temporary may be another job's, in progress).
@Suite struct GravacaoAtomicaTests {
    static func pasta() throws -> URL {
        let pasta = FileManager.default.temporaryDirectory.appendingPathComponent("gravacao-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: pasta, withIntermediateDirectories: true)
        return pasta
    }

    static func nomes(_ pasta: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: pasta.path).sorted() }

    @Test func theStaleTemporariesOfTheFilesAskedGoAndNoOthers() throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let restos = [".os-1.pdf.4242.17.tmp", ".os-1.pdf.4243.99.tmp", ".os-12.pdf.4242.5.tmp", ".os-2.pdf.1.2.tmp", ".os-1.pdf.tmp",
                      "os-1.pdf.4242.17.tmp", "os-3.pdf"]
        for nome in restos { try Data("x".utf8).write(to: pasta.appendingPathComponent(nome)) }
        removerTemporarios(de: [pasta.appendingPathComponent("os-1.pdf"), pasta.appendingPathComponent("os-2.pdf")])
        // os-12.pdf's (another file), the malformed names and the files themselves stay.
        #expect(try Self.nomes(pasta) == [".os-1.pdf.tmp", ".os-12.pdf.4242.5.tmp", "os-1.pdf.4242.17.tmp", "os-3.pdf"])
    }

    @Test func aWriteReplacesTheFileWholeAndByDefaultRemovesItsOwnStaleTemporaries() throws {
        let pasta = try Self.pasta()
        defer { try? FileManager.default.removeItem(at: pasta) }
        let destino = pasta.appendingPathComponent("r.pdf")
        try Data("x".utf8).write(to: pasta.appendingPathComponent(".r.pdf.1.2.tmp"))
        try Data("x".utf8).write(to: pasta.appendingPathComponent(".s.pdf.1.2.tmp"))
        try gravarAtomico(destino) { try Data("novo".utf8).write(to: $0) }
        #expect(try String(contentsOf: destino, encoding: .utf8) == "novo")
        #expect(try Self.nomes(pasta) == [".s.pdf.1.2.tmp", "r.pdf"])
        // Told the caller removed them already, it lists nothing: a stale one stays.
        try Data("x".utf8).write(to: pasta.appendingPathComponent(".r.pdf.3.4.tmp"))
        try gravarAtomico(destino, removerTemporarios: false) { try Data("outro".utf8).write(to: $0) }
        #expect(try String(contentsOf: destino, encoding: .utf8) == "outro")
        #expect(try Self.nomes(pasta) == [".r.pdf.3.4.tmp", ".s.pdf.1.2.tmp", "r.pdf"])
        // A failed write leaves the old file and no temporary of its own.
        struct Falha: Error {}
        #expect(throws: Falha.self) { try gravarAtomico(destino) { try Data("meio".utf8).write(to: $0); throw Falha() } }
        #expect(try String(contentsOf: destino, encoding: .utf8) == "outro")
        #expect(try Self.nomes(pasta) == [".s.pdf.1.2.tmp", "r.pdf"])
    }
}
