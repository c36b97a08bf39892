import GSANModel
/// A rota with an imóvel limit is cut into parts (UC0745 fluxo 3.2, GSAN-FACTS §2.2): blocks
/// (an imóvel, or a condomínio's macro with its micros) are appended in order and a part is
/// closed as soon as it holds `limite` imóveis or more, so a condomínio is never split; what
/// remains is the last part.
public enum DivisaoRota {
    public static func dividir<T>(_ blocos: [[T]], limite: Int?) -> [[T]] {
        guard let limite, limite > 0 else { return blocos.isEmpty ? [] : [blocos.flatMap { $0 }] }
        var partes: [[T]] = []
        var atual: [T] = []
        for bloco in blocos {
            atual += bloco
            if atual.count >= limite {
                partes.append(atual)
                atual = []
            }
        }
        if !atual.isEmpty { partes.append(atual) }
        return partes
    }
}

/// GSAN's file name (FS0006): `G` + grupo(3) + localidade(3) + setor comercial(3) + rota(4)
/// + AAAAMM, zero-padded (never truncated), `A` for the Android layout. Only ids, so no path
/// can come from data.
public enum NomeArquivo {
    public static func rota(grupo: Int, localidade: Int, setor: Int, rota: Int, referencia: Int) -> String {
        "G" + zeroPadded(grupo, 3) + zeroPadded(localidade, 3) + zeroPadded(setor, 3) + zeroPadded(rota, 4)
            + zeroPadded(referencia, 6) + "A"
    }

    /// A part on disk: GSAN gives every part the rota's name; here `_NN` keeps them apart.
    public static func parte(_ nome: String, _ numero: Int) -> String { nome + "_" + zeroPadded(numero, 2) }
}
