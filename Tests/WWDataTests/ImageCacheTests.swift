import Foundation
import WWBase
import XCTest
@testable import WWData

/// The image-set cache: a second load reads it; a stale, damaged or foreign file is never trusted.
final class ImageCacheTests: XCTestCase {
    let options = ImageLoadOptions(geometry: ImageGeometry(resize: .exact(ImageSize(height: 4, width: 6))))

    /// A copy of the fixture ImageFolder tree (its files' times may be changed).
    func copiedFolder() throws -> (TestDirectory, String) {
        let directory = try TestDirectory()
        let root = directory.url.appendingPathComponent("set").path
        try FileManager.default.copyItem(atPath: ImageFixtureTests.directory.appendingPathComponent("folder").path, toPath: root)
        return (directory, root)
    }

    func load(_ root: String, cache: String, options: ImageLoadOptions? = nil) throws -> (Dataset, [String]) {
        var notes: [String] = []
        let data = try Dataset.imageFolder(root, options: options ?? self.options, cache: .file(cache), note: { notes.append($0) })
        return (data, notes)
    }

    func testSecondLoadReadsTheCacheAndGivesTheSameSet() throws {
        let (directory, root) = try copiedFolder()
        let cache = directory.url.appendingPathComponent("caches/set.wwncache").path
        let (first, notes) = try load(root, cache: cache)
        XCTAssertEqual(notes, [])
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache))
        // The cache is what is read: no image is decoded (no progress is reported).
        let log = ProgressLog()
        var secondNotes: [String] = []
        let second = try Dataset.imageFolder(root, options: options, cache: .file(cache), note: { secondNotes.append($0) }, progress: log)
        XCTAssertEqual(log.entries.count, 0)
        XCTAssertTrue(log.isFinished)
        XCTAssertEqual(secondNotes, [])
        XCTAssertEqual(second.features, first.features)
        XCTAssertEqual(second.labels, first.labels)
        XCTAssertEqual(second.classNames, first.classNames)
        XCTAssertNotNil(second.pixelBytes)
        XCTAssertEqual(second.name, first.name)
    }

    func testChangedFilesOrOptionsMakeTheCacheStale() throws {
        let (directory, root) = try copiedFolder()
        let cache = directory.url.appendingPathComponent("set.wwncache").path
        let (first, _) = try load(root, cache: cache)
        // Other options: stale, decoded again, and the cache now holds the new ones.
        let grey = ImageLoadOptions(mode: .grey, geometry: options.geometry)
        let (greySet, notes) = try load(root, cache: cache, options: grey)
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("stale") && notes[0].contains(cache), notes[0])
        XCTAssertEqual(greySet.sampleShape, [1, 4, 6])
        XCTAssertEqual(try load(root, cache: cache, options: grey).1, [])
        // A touched file (new modification time): stale.
        let listing = try ImageFolderListing.classFolders(root)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: listing.files[2])
        let (again, touchedNotes) = try load(root, cache: cache, options: grey)
        XCTAssertTrue(touchedNotes.first?.contains("stale") ?? false, "\(touchedNotes)")
        XCTAssertEqual(again.features, greySet.features)
        // A removed image: stale, and the set has one sample fewer.
        let shared = try XCTUnwrap(listing.labels.indices.first { i in listing.labels.filter { $0 == listing.labels[i] }.count > 1 })
        try FileManager.default.removeItem(atPath: listing.files[shared])
        let (fewer, removedNotes) = try load(root, cache: cache)
        XCTAssertTrue(removedNotes.first?.contains("stale") ?? false, "\(removedNotes)")
        XCTAssertEqual(fewer.count, first.count - 1)
    }

    func testDamagedTruncatedAndForeignCachesAreIgnored() throws {
        let (directory, root) = try copiedFolder()
        let cache = directory.url.appendingPathComponent("set.wwncache").path
        let (first, _) = try load(root, cache: cache)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
        var cases: [(String, [UInt8])] = []
        var flipped = good
        flipped[good.count / 2] ^= 0x01
        cases.append(("checksum", flipped))
        cases.append(("not a wwn image cache", Array(good.prefix(20))))
        cases.append(("cut or extended", Array(good.prefix(good.count - 1))))
        cases.append(("cut or extended", good + [0]))
        cases.append(("does not match its header", Array(good.prefix(good.count / 2))))
        var label = good
        label[good.count - 8 - 7 * 3 * 4 * 6 - 1] ^= 0x40  // the high byte of the last label (7 images of 3 x 4 x 6)
        cases.append(("out of range", label))
        cases.append(("not a wwn image cache", Array("hello, this is not a cache file at all, just text".utf8)))
        cases.append(("not a wwn image cache", []))
        for (reason, bytes) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: cache))
            let (data, notes) = try load(root, cache: cache)
            XCTAssertEqual(notes.count, 1, reason)
            XCTAssertTrue(notes.first?.contains(reason) ?? false, "\(notes) should say \(reason)")
            XCTAssertEqual(data.features, first.features)
            XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: cache))), good, "rewritten whole")
        }
        // A header declaring a huge set, with a checksum that matches: refused from its sizes,
        // before anything that size is allocated.
        var huge = Array(good.prefix(good.count - 8))
        let countOffset = 8 + 8
        withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { for k in 0..<8 { huge[countOffset + k] = $0[k] } }
        var checksum = CacheChecksum()
        checksum.add(huge)
        huge += withUnsafeBytes(of: checksum.value.littleEndian) { Array($0) }
        try Data(huge).write(to: URL(fileURLWithPath: cache))
        let (_, notes) = try load(root, cache: cache)
        XCTAssertTrue(notes.first?.contains("outside wwn's limits") ?? false, "\(notes)")
        // A folder where the cache file should be: named, ignored, and not replaced.
        let folderCache = directory.url.appendingPathComponent("dir.wwncache").path
        try FileManager.default.createDirectory(atPath: folderCache, withIntermediateDirectories: true)
        let (loaded, folderNotes) = try load(root, cache: folderCache)
        XCTAssertEqual(loaded.features, first.features)
        XCTAssertEqual(folderNotes.count, 2, "\(folderNotes)")
        XCTAssertTrue(folderNotes.allSatisfy { $0.contains(folderCache) }, "\(folderNotes)")
    }

    func testAnUnwritableCacheIsANoteNotAFailure() throws {
        let (directory, root) = try copiedFolder()
        let blocker = try directory.write("plain-file", text: "x")
        let cache = blocker + "/inside/set.wwncache"
        let (data, notes) = try load(root, cache: cache)
        XCTAssertEqual(data.count, try ImageFolderListing.classFolders(root).files.count)
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("could not write the cache") && notes[0].contains(cache), notes[0])
    }

    func testTheChecksumDoesNotDependOnHowTheBytesAreCut() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var whole = CacheChecksum()
        whole.add(bytes)
        for cuts in [[3], [1, 2, 3, 500], [8, 16], [999]] {
            var pieces = CacheChecksum()
            var start = 0
            for cut in cuts + [bytes.count] {
                pieces.add(Array(bytes[start..<cut]))
                start = cut
            }
            XCTAssertEqual(pieces.value, whole.value, "\(cuts)")
        }
        var shorter = CacheChecksum()
        shorter.add(Array(bytes.dropLast()))
        XCTAssertNotEqual(shorter.value, whole.value)
    }

    func testTheDefaultCacheIsUnderTheUserCacheFolder() throws {
        let (directory, root) = try copiedFolder()
        let listing = try ImageFolderListing.classFolders(root)
        setenv("XDG_CACHE_HOME", directory.url.appendingPathComponent("xdg").path, 1)
        defer { unsetenv("XDG_CACHE_HOME") }
        let cache = try ImageCache.standard(root: root, listing: listing, options: options)
        XCTAssertTrue(cache.path.hasPrefix(directory.url.appendingPathComponent("xdg/wwn/images/set-").path), cache.path)
        let data = try Dataset.imageFolder(root, options: options, cache: .standard)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.path))
        var notes: [String] = []
        XCTAssertEqual(try Dataset.imageFolder(root, options: options, cache: .standard, note: { notes.append($0) }).features, data.features)
        XCTAssertEqual(notes, [])
    }
}
