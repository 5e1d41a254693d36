import Formats
import FrontEnd
import KernelPatterns
import Testing

/// The contraction recogniser both the CPU micro-kernel and the Triton
/// `tl.dot` lowering rely on: what it accepts, what it must refuse (a
/// refusal it misses would be computed wrongly by either backend), and the
/// subtree of a Loop AST that one statement owns.
struct ContractionTests {
    static func kernel(_ body: String, parameters: String = "int n, int m, int p, double alpha, double A[30][30], double B[30][30], double C[30][30]")
        throws -> KernelDocument {
        let source = "void kernel(\(parameters)) {\n#pragma scop\n\(body)\n#pragma endscop\n}\n"
        return try FrontEnd.parse(preprocessed: source, file: "kernel.c", kernelName: nil)
    }

    static func match(_ document: KernelDocument, _ statement: Int = 0) -> Contraction? {
        Contraction.match(document.statements[statement], in: document)
    }

    @Test func gemmIsAContractionWithItsScaleAndBounds() throws {
        let document = try Self.kernel("""
            for (int i = 0; i < n; i++)
              for (int j = 0; j < m; j++)
                for (int k = 0; k < p; k++)
                  C[i][j] += alpha * A[i][k] * B[k][j];
            """)
        let contraction = try #require(Self.match(document))
        #expect(contraction.i == "i" && contraction.j == "j" && contraction.k == "k")
        #expect(contraction.batch.isEmpty)
        #expect(contraction.scaleFactors == [.scalar("alpha")])
        #expect(contraction.element == .double)
        #expect(contraction.bounds["k"]?.upper == "(p)")
        #expect(Contraction.renaming(contraction.bounds["j"]!.upper) { "p_\($0)" } == "(p_m)")
    }

    /// The target's fastest-varying iterator is `j`, whichever operand
    /// comes first; a transposed right operand is still a contraction.
    @Test func operandsAreOrderedByTheTarget() throws {
        let document = try Self.kernel("""
            for (int i = 0; i < n; i++)
              for (int j = 0; j < m; j++)
                for (int k = 0; k < p; k++)
                  C[i][j] += B[j][k] * A[i][k];
            """)
        let contraction = try #require(Self.match(document))
        #expect(contraction.i == "i" && contraction.j == "j")
        guard case .access(let left, _) = contraction.left, case .access(let right, _) = contraction.right else {
            Issue.record("operands are not accesses")
            return
        }
        #expect(left == "A" && right == "B")
    }

    @Test func batchIteratorsAreSharedByEveryAccess() throws {
        let document = try Self.kernel("""
            for (int b = 0; b < n; b++)
              for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                  for (int k = 0; k < p; k++)
                    C[b][i][j] += A[b][i][k] * B[b][k][j];
            """, parameters: "int n, int m, int p, float A[4][30][30], float B[4][30][30], float C[4][30][30]")
        let contraction = try #require(Self.match(document))
        #expect(contraction.batch == ["b"])
        #expect(contraction.element == .float)
    }

    /// Not contractions: a triangular domain (syrk's j <= i), an assignment
    /// instead of an accumulation, a reduction the target reads elsewhere
    /// than at its own element, a sum of products.
    @Test(arguments: [
        "for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) for (int k = 0; k < p; k++) C[i][j] += A[i][k] * A[j][k];",
        "for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int k = 0; k < p; k++) C[i][j] = A[i][k] * B[k][j];",
        "for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int k = 0; k < p; k++) C[i][j] += C[i][k] * B[k][j];",
        "for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int k = 0; k < p; k++) C[i][j] += A[i][k] * B[k][j] + A[i][j];",
        "for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int k = 0; k < p; k++) C[i][j] += A[i][k] * B[k][i];",
    ])
    func otherStatementsAreNotContractions(body: String) throws {
        #expect(Self.match(try Self.kernel(body)) == nil, "\(body)")
    }

    static func loop(_ iterator: String, _ body: LoopNode) -> LoopNode {
        .forLoop(ForLoop(iterator: iterator, lowerBound: .int(0),
                         condition: .operation(op: .lt, args: [.identifier(iterator), .identifier("n")]), body: body))
    }

    static func call(_ name: String) -> LoopNode { .statement(StatementCall(name: name, arguments: [])) }

    /// The subtree a statement owns is wrapped; one it shares a loop with
    /// another statement in is not (replacing it would drop that statement).
    @Test func onlyANestOfItsOwnIsWrapped() throws {
        let separate: LoopNode = .block([Self.loop("i", Self.call("S0")), Self.loop("i", Self.loop("k", Self.call("S1")))])
        let wrapped = try #require(LoopNest.wrappingOnlyNest(of: "S1", in: separate, mark: "dot:S1"))
        guard case .block(let children) = wrapped, case .mark(let mark) = children[1] else {
            Issue.record("S1's loop nest is not wrapped: \(wrapped)")
            return
        }
        #expect(mark.name == "dot:S1" && LoopNest.calls(in: mark.body) == ["S1"])
        #expect(children[0] == separate.blockChildren[0])

        let fused: LoopNode = Self.loop("i", .block([Self.call("S0"), Self.loop("k", Self.call("S1"))]))
        #expect(LoopNest.wrappingOnlyNest(of: "S1", in: fused, mark: "dot:S1") == nil)
        #expect(LoopNest.wrappingOnlyNest(of: "S9", in: fused, mark: "dot:S9") == nil)
    }
}

private extension LoopNode {
    var blockChildren: [LoopNode] {
        if case .block(let children) = self { return children }
        return [self]
    }
}
