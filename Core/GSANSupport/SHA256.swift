internal import CCrypto
import Foundation

/// SHA-256 through OpenSSL's libcrypto (already a dependency of librabbitmq).
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto could not initialise SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { buffer in
            _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        }
    }

    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = EVP_DigestFinal_ex(context, &digest, &length)
        return digest
    }

    /// The lowercase hex digest of what was fed (for files read in parts).
    public consuming func finalizeHex() -> String {
        // Lowercase hex without String(format:) per byte (that was most of the cost of hashing a small file).
        let digitos = Array("0123456789abcdef".utf8)
        var saida: [UInt8] = []
        saida.reserveCapacity(64)
        for byte in finalize() {
            saida.append(digitos[Int(byte >> 4)])
            saida.append(digitos[Int(byte & 0x0f)])
        }
        return String(decoding: saida, as: UTF8.self)
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex(_ bytes: some ContiguousBytes) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }
}
