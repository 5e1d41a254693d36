import Testing
@testable import ISL

@Suite struct ParsingTests {
    @Test func unionMapRoundTrip() throws {
        let context = Context()
        let text = "[n] -> { S0[i, j] -> A[i, j] : 0 <= i < n and 0 <= j <= i; S1[i] -> B[i + 1] }"
        let parsed = try UnionMap(context, text)
        let reparsed = try UnionMap(context, parsed.description)
        #expect(try parsed.isEqual(reparsed))
        #expect(try !parsed.isEqual(UnionMap(context, "[n] -> { S1[i] -> B[i + 1] }")))
    }

    @Test func setAndMapRoundTrip() throws {
        let context = Context()
        let set = try ISL.Set(context, "[n] -> { S[i] : 0 <= i < n }")
        #expect(try set.isEqual(ISL.Set(context, set.description)))
        #expect(set.description == "[n] -> { S[i] : 0 <= i < n }")
        let map = try Map(context, "{ S[i] -> A[2i + 1] }")
        #expect(try map.isEqual(Map(context, map.description)))
        #expect(map.tupleName(.input) == "S")
        #expect(map.tupleName(.output) == "A")
        let unionSet = try UnionSet(context, "{ S[i] : 0 <= i < 4; T[] }")
        #expect(try unionSet.isEqual(UnionSet(context, unionSet.description)))
        #expect(try unionSet.sets().count == 2)
    }

    @Test func malformedTextThrowsIslMessage() throws {
        let context = Context()
        let error = #expect(throws: ISLError.self) {
            try UnionSet(context, "{ S[i] : i < }")
        }
        #expect(error?.message == "syntax error")
        #expect(error?.file != nil)
        #expect(throws: ISLError.self) { try UnionMap(context, "[n] -> { S[i] -> A[i] ") }
        #expect(throws: ISLError.self) { try ISL.Set(context, "not isl at all") }
        // The context stays usable after a failure.
        #expect(try UnionSet(context, "{ S[i] : 0 <= i < 3 }").isEmpty() == false)
    }

    @Test func semanticErrorCarriesMessage() throws {
        let context = Context()
        let mixed = try UnionMap(context, "{ S[i] -> A[i]; T[i] -> B[i] }")
        let error = #expect(throws: ISLError.self) { try Map(mixed) }
        #expect(error?.message.contains("exactly one space") == true)
    }

    @Test func valuesAndIds() throws {
        let context = Context()
        #expect(try Val(context, -42).intValue() == -42)
        #expect(try Id(context, name: "mark").name == "mark")
    }
}
