import Foundation
import RotasRegras

/// Where the route files go (files under `<pasta>/<AAAAMM>/`) and in which forms. The
/// executable reads them once (`GSANEnvironment.pastaRotas`, `formatosRotas()`) and passes
/// them down.
public struct ConfiguracaoRotas: Sendable, Equatable {
    public var pasta: String
    public var gzip: Bool
    public var texto: Bool

    public init(pasta: String, gzip: Bool = true, texto: Bool = true) {
        self.pasta = pasta
        self.gzip = gzip
        self.texto = texto
    }
}
