import Foundation

/// The classes of the procedural "shapes" image set, each a signed distance function: negative
/// inside, positive outside, in units of the shape's radius. Rendering covers a pixel by
/// `0.5 - distance` (in pixels), which anti-aliases every edge with one evaluation per pixel.
public enum ShapeKind: String, CaseIterable, Sendable {
    case circle, square, triangle, cross, ring, diamond, star, ellipse, stripes, checker

    /// Whether the shape looks the same turned by any angle; the others turn only a little, so
    /// that a turned square never becomes a diamond.
    var turnsFreely: Bool { self == .ellipse }

    /// Signed distance from `(x, y)` (in radii, centred, y down) to the shape's outline.
    func distance(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .circle:
            return (x * x + y * y).squareRoot() - 1
        case .square:
            return ShapeKind.box(x, y, 0.8, 0.8)
        case .triangle:
            return ShapeKind.polygon(x, y, ShapeKind.triangleVertices)
        case .cross:
            return min(ShapeKind.box(x, y, 0.95, 0.3), ShapeKind.box(x, y, 0.3, 0.95))
        case .ring:
            return abs((x * x + y * y).squareRoot() - 0.75) - 0.25
        case .diamond:
            return ShapeKind.polygon(x, y, ShapeKind.diamondVertices)
        case .star:
            return ShapeKind.polygon(x, y, ShapeKind.starVertices)
        case .ellipse:
            // Scaling a circle's distance is exact on the axes and close elsewhere, which is
            // all the one-pixel anti-aliasing band needs.
            let (a, b) = (1.0, 0.5)
            return ((x / a) * (x / a) + (y / b) * (y / b)).squareRoot() * b - b
        case .stripes:
            // Three horizontal bars inside the square: bar centres at -0.6, 0, 0.6, half height 0.18.
            let period = 0.6
            let offset = abs(y - (y / period).rounded() * period)
            return max(ShapeKind.box(x, y, 0.85, 0.78), offset - 0.18)
        case .checker:
            // A 4x4 checkerboard filling the square: cells of side 0.425.
            let cell = 0.425
            let (u, v) = (x / cell + 2, y / cell + 2)
            let toEdge = min(abs(u - u.rounded()), abs(v - v.rounded())) * cell
            let dark = (Int(floor(u)) + Int(floor(v))) % 2 == 0
            return max(ShapeKind.box(x, y, 0.85, 0.85), dark ? -toEdge : toEdge)
        }
    }

    private static func box(_ x: Double, _ y: Double, _ halfWidth: Double, _ halfHeight: Double) -> Double {
        let dx = abs(x) - halfWidth, dy = abs(y) - halfHeight
        let outside = (max(dx, 0) * max(dx, 0) + max(dy, 0) * max(dy, 0)).squareRoot()
        return outside + min(max(dx, dy), 0)
    }

    /// Exact signed distance to a simple polygon (the even-odd rule decides inside).
    private static func polygon(_ x: Double, _ y: Double, _ vertices: [(Double, Double)]) -> Double {
        var nearest = Double.infinity
        var inside = false
        var j = vertices.count - 1
        for i in vertices.indices {
            let (ax, ay) = vertices[j], (bx, by) = vertices[i]
            let (ex, ey) = (bx - ax, by - ay)
            let (wx, wy) = (x - ax, y - ay)
            let t = min(max((wx * ex + wy * ey) / (ex * ex + ey * ey), 0), 1)
            let (px, py) = (wx - ex * t, wy - ey * t)
            nearest = min(nearest, px * px + py * py)
            if (ay > y) != (by > y), x < ax + (y - ay) * ex / ey { inside.toggle() }
            j = i
        }
        return inside ? -nearest.squareRoot() : nearest.squareRoot()
    }

    private static func regular(_ sides: Int, radius: Double, turn: Double) -> [(Double, Double)] {
        (0..<sides).map { k in
            let angle = turn + 2 * Double.pi * Double(k) / Double(sides)
            return (radius * cos(angle), radius * sin(angle))
        }
    }

    /// Pointing up (y grows downwards, so up is -pi/2).
    private static let triangleVertices = regular(3, radius: 1, turn: -Double.pi / 2)
    private static let diamondVertices: [(Double, Double)] = [(0, -1), (0.7, 0), (0, 1), (-0.7, 0)]
    private static let starVertices: [(Double, Double)] = (0..<10).map { k in
        let angle = -Double.pi / 2 + Double.pi * Double(k) / 5
        let radius = k % 2 == 0 ? 1.0 : 0.42
        return (radius * cos(angle), radius * sin(angle))
    }
}
