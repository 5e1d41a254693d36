import Testing
@testable import ISL

@Suite struct OwnershipTests {
    /// Repeated take/keep calls on shared objects: a missing copy would free a
    /// shared reference and crash or corrupt the results below.
    @Test func manyCopiesStayValid() throws {
        let context = Context()
        let base = try UnionMap(context, "[n] -> { S[i] -> A[i] : 0 <= i < n }")
        let domain = try UnionSet(context, "[n] -> { S[i] : 0 <= i < 10 }")
        var results: [UnionMap] = []
        for _ in 0..<2_000 {
            let restricted = try base.intersectDomain(domain)
            results.append(try restricted.union(base).reverse().reverse())
        }
        #expect(results.count == 2_000)
        for result in results.prefix(10) {
            #expect(try result.isEqual(base))
        }
        #expect(try base.isEqual(UnionMap(context, "[n] -> { S[i] -> A[i] : 0 <= i < n }")))
    }

    /// Objects keep their context alive after the creator's reference is gone.
    @Test func objectsOutliveTheirCreatorsContextReference() throws {
        func make() throws -> UnionSet {
            let context = Context()
            return try UnionSet(context, "{ S[i] : 0 <= i < 5 }")
        }
        let set = try make()
        #expect(try set.union(set).isEqual(set))
    }

    @Test func mapListsAreIndependentCopies() throws {
        let context = Context()
        let union = try UnionMap(context, "{ S[i] -> A[i]; T[i] -> B[i] }")
        let maps = try union.maps()
        #expect(maps.count == 2)
        let rebuilt = try maps.reduce(UnionMap.empty(context)) { try $0.union(UnionMap($1)) }
        #expect(try rebuilt.isEqual(union))
    }

    @Test func callbackErrorPropagates() throws {
        struct Boom: Error {}
        let context = Context()
        let domain = try UnionSet(context, "{ S[i] : 0 <= i < 4 }")
        let schedule = try Schedule(domain: domain)
            .insertingPartialSchedule(MultiUnionPwAff(UnionMap(context, "{ S[i] -> [i] }")))
        #expect(throws: Boom.self) {
            try schedule.mapNodesBottomUp { node in
                if try node.type() == .band { throw Boom() }
                return node
            }
        }
        let unchanged = try schedule.mapNodesBottomUp { $0 }
        #expect(try unchanged.isPlainEqual(schedule))
    }
}
