import Rotas
import Testing

@Suite struct GzipTests {
    /// The route file's gzip: the same text gives the same bytes (no name, mtime 0), and back.
    @Test func sameTextSameBytesAndBack() throws {
        let texto = Array((1...500).map { "01|\($0)|RUA DAS FLORES, \($0)|202507|\n" }.joined().utf8)
        let gz = try Gzip.comprimir(texto)
        #expect(try gz == Gzip.comprimir(texto))
        #expect(Array(gz.prefix(10)) == [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 4, 3])  // no name, mtime 0, level 1 (XFL 4: fastest)
        #expect(gz.count < texto.count)
        #expect(try Gzip.descomprimir(gz) == texto)
    }
}
