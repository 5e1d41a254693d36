import Foundation

/// Tensor memory shared between the host and the runner process.
///
/// One file (in `/dev/shm` when there is one) holds every tensor. Each tensor
/// ends exactly at a page boundary and is followed by a guard page; a guard
/// page also precedes the first tensor. The runner makes guard pages
/// inaccessible, so reading or writing one element past the end faults. The
/// slack between a tensor's first page and its first byte is filled with a
/// canary pattern the host checks afterwards, which catches writes before
/// the start that stay within the page.
///
/// Thread contract: `[serial]`.
public final class TensorArena {
    public struct Slot: Sendable {
        public var offset: Int
        public var byteCount: Int
        /// Where the canary bytes before the tensor start, and how many.
        public var canaryOffset: Int
        public var canaryCount: Int
    }

    public let path: String
    public let size: Int
    public let slots: [Slot]
    public let guardRanges: [[Int]]
    private let base: UnsafeMutableRawPointer
    private static let canaryByte: UInt8 = 0xA5

    /// Lays out tensors of the given byte sizes and maps the file.
    public init(byteCounts: [Int], directory: String? = nil) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var slots: [Slot] = []
        var guards: [[Int]] = [[0, page]]
        var cursor = page
        for count in byteCounts {
            let pages = max(1, (count + page - 1) / page)
            let end = cursor + pages * page
            slots.append(Slot(offset: end - count, byteCount: count, canaryOffset: cursor,
                              canaryCount: end - count - cursor))
            guards.append([end, page])
            cursor = end + page
        }
        let root = directory ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
        path = (root as NSString).appendingPathComponent("akg-arena-\(getpid())-\(UUID().uuidString.prefix(8))")
        size = cursor
        self.slots = slots
        guardRanges = guards
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ArenaError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0 else {
            unlink(path)
            throw ArenaError("cannot size \(path) to \(size) bytes: \(String(cString: strerror(errno)))")
        }
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
            unlink(path)
            throw ArenaError("cannot map \(path): \(String(cString: strerror(errno)))")
        }
        base = mapped
        for slot in slots {
            memset(base + slot.canaryOffset, Int32(Self.canaryByte), slot.canaryCount)
        }
    }

    deinit {
        munmap(base, size)
        unlink(path)
    }

    /// The bytes of tensor `index`, for filling inputs and reading outputs.
    public func bytes(_ index: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base + slots[index].offset, count: slots[index].byteCount)
    }

    /// Whether the canary bytes in front of tensor `index` are intact.
    public func canaryIntact(_ index: Int) -> Bool {
        let slot = slots[index]
        let canary = UnsafeRawBufferPointer(start: base + slot.canaryOffset, count: slot.canaryCount)
        return canary.allSatisfy { $0 == Self.canaryByte }
    }
}

public struct ArenaError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
