/// Document numbers (`cbdo_nnsequenciadocumento`) that a rerun gives again: the rota and the
/// imóvel's position among the rota's documents of the command, not a sequence's next value.
public enum NumeracaoDocumento {
    /// Up to 99,999 documents per rota and command.
    public static let porRota = 100_000

    /// `posicao` counts from 1 in rota order.
    public static func numero(rota: Int, posicao: Int) -> Int64 {
        precondition(posicao >= 1 && posicao < porRota, "posição fora do intervalo: \(posicao)")
        return Int64(rota) * Int64(porRota) + Int64(posicao)
    }
}
