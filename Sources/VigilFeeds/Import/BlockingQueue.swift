import Foundation

/// A bounded first-in, first-out queue between two threads: `put` waits while it is full, `take` while it is empty.
/// The producer `close`s it when done; the consumer `cancel`s it to stop the producer early.
public final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// At most `capacity` elements, so removing from the front is cheap; a taken element is released at once.
    private var items: [Element] = []
    private var closed = false
    private var cancelled = false
    public let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds an element, waiting for room. Returns false, without adding, once the queue is cancelled.
    public func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// The next element, waiting for one; nil once the queue is closed and drained, or cancelled.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed && !cancelled { condition.wait() }
        guard !cancelled, !items.isEmpty else { return nil }
        let element = items.removeFirst()
        condition.broadcast()
        return element
    }

    /// Whether the consumer has cancelled.
    public var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// No more elements will be put.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops: pending and future `put`s return false.
    public func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
