import WWNumerics

/// Per-channel mean and standard deviation of a data set. Computed on a training set and then
/// applied unchanged to its test set, so both see the same transformation (computing them on
/// the test set would leak its statistics into the evaluation).
public struct ChannelStatistics: Equatable, Sendable {
    /// One entry per channel: per index of the first sample axis (the colour channel of a
    /// `[channels, height, width]` image, the feature of a `[features]` vector).
    public var mean: [Double]
    /// Population standard deviations (divided by the number of values, as torchvision's
    /// usual recipe and scikit-learn's StandardScaler do).
    public var standardDeviation: [Double]

    public init(mean: [Double], standardDeviation: [Double]) throws {
        guard mean.count == standardDeviation.count else {
            throw DatasetError.invalid("normalisation statistics need as many means (\(mean.count)) as standard deviations (\(standardDeviation.count))")
        }
        guard mean.allSatisfy(\.isFinite), standardDeviation.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw DatasetError.invalid("normalisation statistics must be finite, with standard deviations >= 0")
        }
        self.mean = mean
        self.standardDeviation = standardDeviation
    }
}

extension Dataset {
    /// Channels are the first sample axis; a scalar sample is one channel.
    private var channelLayout: (channels: Int, perChannel: Int) {
        let channels = sampleShape.first ?? 1
        return (channels, sampleShape.dropFirst().reduce(1, *))
    }

    /// The mean and standard deviation of every channel over all samples (in float64).
    public func channelStatistics() throws -> ChannelStatistics {
        try requireSamples(for: "compute statistics of")
        let (channels, perChannel) = channelLayout
        var sums = [Double](repeating: 0, count: channels)
        var squares = [Double](repeating: 0, count: channels)
        let values = features.doubleValues
        // Two passes (mean, then squared deviations) to avoid the cancellation of E[x^2] - E[x]^2.
        forEachChannelRun(values.count, channels, perChannel) { channel, range in
            for i in range { sums[channel] += values[i] }
        }
        let n = Double(count * perChannel)
        let mean = sums.map { $0 / n }
        forEachChannelRun(values.count, channels, perChannel) { channel, range in
            for i in range {
                let d = values[i] - mean[channel]
                squares[channel] += d * d
            }
        }
        return try ChannelStatistics(mean: mean, standardDeviation: squares.map { ($0 / n).squareRoot() })
    }

    /// Every channel shifted by its mean and divided by its standard deviation: this data set's
    /// own statistics when `statistics` is nil, else the given ones (a training set's). A
    /// channel with standard deviation 0 is only centred, as scikit-learn's StandardScaler does.
    /// Returns the statistics used. The result is no longer in [0, 1].
    public func normalised(with statistics: ChannelStatistics? = nil) throws -> (dataset: Dataset, statistics: ChannelStatistics) {
        let stats = try statistics ?? channelStatistics()
        let (channels, perChannel) = channelLayout
        guard stats.mean.count == channels else {
            throw DatasetError.invalid("\(name): the statistics have \(stats.mean.count) channels but the samples (shape \(sampleShape)) have \(channels)")
        }
        let source = features  // read once: an image set's bytes become floats on each read
        let values = source.doubleValues
        var result = [Double](repeating: 0, count: values.count)
        forEachChannelRun(values.count, channels, perChannel) { channel, range in
            let mean = stats.mean[channel]
            let scale = stats.standardDeviation[channel] > 0 ? 1 / stats.standardDeviation[channel] : 1
            for i in range { result[i] = (values[i] - mean) * scale }
        }
        let normalisedFeatures = try Tensor(shape: source.shape, values: result).converted(to: source.elementType)
        var dataset = try Dataset(name: name, features: normalisedFeatures, labels: labels, classNames: classNames, texts: texts)
        dataset.softLabels = softLabels
        return (dataset, stats)
    }

    /// Calls `body` with each contiguous run of one channel's values (samples are row-major,
    /// so a sample is `channels` runs of `perChannel` values).
    private func forEachChannelRun(_ total: Int, _ channels: Int, _ perChannel: Int, _ body: (Int, Range<Int>) -> Void) {
        guard perChannel > 0 else { return }
        var start = 0
        var channel = 0
        while start < total {
            body(channel, start..<(start + perChannel))
            start += perChannel
            channel = channel + 1 == channels ? 0 : channel + 1
        }
    }
}
