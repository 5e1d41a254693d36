/// The strongly connected components of the dependence graph on `group`,
/// in a topological order that keeps source order where dependences allow
/// (components ordered by their first statement).
func stronglyConnectedComponents(of group: [Int], edges: [DependenceEdge]) -> [[Int]] {
    let members = Swift.Set(group)
    var successors: [Int: Swift.Set<Int>] = [:]
    for edge in edges where members.contains(edge.source) && members.contains(edge.sink) && edge.source != edge.sink {
        successors[edge.source, default: []].insert(edge.sink)
    }
    // Tarjan's algorithm.
    var index = 0
    var indices: [Int: Int] = [:], lowLinks: [Int: Int] = [:]
    var stack: [Int] = [], onStack = Swift.Set<Int>()
    var components: [[Int]] = []
    func visit(_ node: Int) {
        indices[node] = index
        lowLinks[node] = index
        index += 1
        stack.append(node)
        onStack.insert(node)
        for next in successors[node, default: []].sorted() {
            if indices[next] == nil {
                visit(next)
                lowLinks[node] = min(lowLinks[node] ?? 0, lowLinks[next] ?? 0)
            } else if onStack.contains(next) {
                lowLinks[node] = min(lowLinks[node] ?? 0, indices[next] ?? 0)
            }
        }
        if lowLinks[node] == indices[node] {
            var component: [Int] = []
            while let top = stack.popLast() {
                onStack.remove(top)
                component.append(top)
                if top == node { break }
            }
            components.append(component.sorted())
        }
    }
    for node in group.sorted() where indices[node] == nil { visit(node) }

    // Kahn's algorithm, always taking the ready component with the first statement.
    var componentOf: [Int: Int] = [:]
    for (position, component) in components.enumerated() {
        for node in component { componentOf[node] = position }
    }
    var predecessors = Array(repeating: Swift.Set<Int>(), count: components.count)
    for (node, nexts) in successors {
        for next in nexts {
            guard let from = componentOf[node], let to = componentOf[next], from != to else { continue }
            predecessors[to].insert(from)
        }
    }
    var done = Swift.Set<Int>(), order: [[Int]] = []
    while order.count < components.count {
        let ready = (0..<components.count).filter { !done.contains($0) && predecessors[$0].isSubset(of: done) }
        guard let next = ready.min(by: { (components[$0].first ?? 0) < (components[$1].first ?? 0) }) else { break }
        done.insert(next)
        order.append(components[next])
    }
    return order
}

/// The edges with both ends in `group`.
func edges(_ edges: [DependenceEdge], within group: [Int]) -> [DependenceEdge] {
    let members = Swift.Set(group)
    return edges.filter { members.contains($0.source) && members.contains($0.sink) }
}
