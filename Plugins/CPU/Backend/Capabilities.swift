import Foundation

/// The CPU backend's target model, as the `capabilities()` JSON document.
///
/// Fields the host reads are documented in docs/ABI.md ("Capabilities").
func capabilitiesDocument(_ facts: MachineFacts) -> [String: Any] {
    let caches = facts.caches.map { cache -> [String: Any] in
        let suffix = cache.type == "Data" ? "d" : cache.type == "Instruction" ? "i" : ""
        return ["name": "L\(cache.level)\(suffix)", "level": cache.level, "type": cache.type.lowercased(),
                "bytes": cache.sizeBytes, "lineBytes": cache.lineBytes, "sharedByCPUs": cache.sharedByCPUs]
    }
    return [
        "format": "akg.capabilities+json/1",
        "backend": "cpu",
        "language": "c99+openmp",
        "device": [
            "kind": "cpu",
            "architecture": facts.architecture,
            "model": facts.model,
            "logicalCores": facts.logicalCores,
            "physicalCores": facts.physicalCores,
            "memoryBytes": facts.memoryBytes,
        ] as [String: Any],
        "memory": caches,
        "vector": [
            "bits": facts.vectorBits,
            "isa": facts.isaExtensions,
            "lanes": ["f32": facts.vectorBits / 32, "f64": facts.vectorBits / 64],
        ] as [String: Any],
        "dtypes": ["f32", "f64", "i32", "i64"],
        "programFormats": ["akg.ast+json/1"],
        "buildFlags": defaultBuildFlags,
        "compilers": facts.compilers.map { ["name": $0.name, "path": $0.path, "version": $0.version] },
        "knobs": CodeKnobs.descriptions(logicalCores: facts.logicalCores),
        "tuningSeeds": CodeKnobs.tuningSeeds,
    ]
}
