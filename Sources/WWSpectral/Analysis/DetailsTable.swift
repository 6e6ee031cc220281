import WWTables

extension ModelAnalysis {
    /// WeightWatcher's details dataframe: one row per analysed layer, columns named as
    /// WeightWatcher names them, plus wwn's `tensor` (the tensor's full name) and `reason`
    /// (why a fit failed). Missing values (no fit, option not run) are null cells.
    public var details: DataTable {
        DetailsTable.table(reports, options: options)
    }
}

/// Builds details tables; the column order is fixed so tables of two runs line up.
public enum DetailsTable {
    /// The metric columns `summary` averages and `delta` compares, in table order.
    public static let metricColumns = [
        "lambda_max", "spectral_norm", "sv_max", "sv_min", "norm", "log_norm", "log_spectral_norm", "stable_rank",
        "matrix_rank", "rank_loss", "weak_rank_loss", "entropy", "alpha", "D", "xmin", "xmax", "sigma",
        "num_pl_spikes", "alpha_weighted", "log_alpha_norm",
    ]

    /// The columns a terminal keeps when the whole table does not fit: what identifies a
    /// layer and the metrics people read first (HT-SR's alpha and its fit's D), then the norms.
    public static let displayPriority = [
        "name", "N", "M", "alpha", "D", "log_norm", "alpha_weighted", "log_spectral_norm", "layer_id", "stable_rank",
        "num_pl_spikes", "xmin", "lambda_max", "warning",
    ]

    public static func table(_ reports: [LayerReport], options: AnalysisOptions) -> DataTable {
        let table = DataTable()
        table.displayPriority = displayPriority
        for report in reports { table.addRow(row(report, options: options)) }
        if reports.isEmpty {
            for name in ["layer_id", "ww_layer_id", "name", "tensor", "N", "M", "alpha", "warning", "status"] {
                try? table.addColumn(name: name, values: [])
            }
        }
        return table
    }

    static func number(_ value: Double?) -> Cell {
        guard let value else { return .null }
        return .number(value)
    }

    static func integer(_ value: Int?) -> Cell { number(value.map(Double.init)) }

    static func row(_ report: LayerReport, options: AnalysisOptions) -> [(String, Cell)] {
        let g = report.geometry
        let m = report.metrics
        let s = report.spectrum
        let fit = report.fit
        var row: [(String, Cell)] = [
            ("layer_id", integer(report.entry.id)),
            ("ww_layer_id", integer(report.entry.weightWatcherID)),
            ("name", .string(report.entry.name)),
            ("tensor", .string(report.entry.tensorName)),
        ]
        if let slice = report.sliceID { row.append((g.type == .experts ? "expert_id" : "slice_id", integer(slice))) }
        row += [
            ("layer_type", .string(g.type.rawValue)),
            ("N", integer(g.n)), ("M", integer(g.m)), ("Q", number(g.q)), ("rf", integer(g.receptiveField)),
            ("num_evals", integer(s?.eigenvalueCount)),
            ("lambda_max", number(m?.spectralNorm)), ("spectral_norm", number(m?.spectralNorm)),
            ("sv_max", number(s?.singularValueMax)), ("sv_min", number(s?.singularValueMin)),
            ("norm", number(m?.norm)), ("log_norm", number(m?.logNorm)),
            ("log_spectral_norm", number(m?.logSpectralNorm)), ("stable_rank", number(m?.stableRank)),
            ("matrix_rank", integer(m?.matrixRank)), ("rank_loss", integer(s?.rankLoss)),
            ("weak_rank_loss", integer(m?.weakRankLoss)), ("entropy", number(m?.entropy)),
            ("alpha", number(fit?.fit.alpha)), ("D", number(fit?.fit.ksDistance)),
            ("xmin", number(fit?.fit.xmin)), ("xmax", number(fit?.fit.xmax)), ("sigma", number(fit?.fit.sigma)),
            ("num_pl_spikes", integer(fit?.spikeCount)),
            ("alpha_weighted", number(report.alphaWeighted)), ("log_alpha_norm", number(report.logAlphaNorm)),
        ]
        if options.powerLaw.law == .truncatedPowerLaw { row.append(("Lambda", number(fit?.fit.truncationRate))) }
        if options.powerLaw.fingerFix == .clipXmax {
            row += [("num_fingers", integer(fit?.fingerCount)), ("raw_alpha", number(fit?.rawAlpha))]
        }
        if options.mpFit {
            let mp = report.marchenkoPastur
            row += [("num_spikes", integer(mp?.spikeCount)), ("sigma_mp", number(mp?.sigma)),
                    ("mp_softrank", number(mp?.softRank)), ("W_scale", number(mp?.scale)),
                    ("bulk_max", number(mp?.bulkMax)), ("bulk_min", number(mp?.bulkMin))]
        }
        if options.randomize {
            let r = report.random
            let mp = r?.randomFit
            row += [("max_rand_eval", number(r?.maxRandomEigenvalue)), ("rand_distance", number(r?.distance)),
                    ("ww_softrank", number(r?.softRank)), ("ww_maxdist", number(r?.maxDistance)),
                    ("rand_num_spikes", integer(mp?.spikeCount)), ("num_traps", integer(mp?.spikeCount)),
                    ("rand_sigma_mp", number(mp?.sigma)), ("rand_mp_softrank", number(mp?.softRank)),
                    ("rand_W_scale", number(mp?.scale)), ("rand_bulk_max", number(mp?.bulkMax)),
                    ("rand_bulk_min", number(mp?.bulkMin))]
        }
        if options.detX {
            let detX = report.detX
            // WeightWatcher's ERG_gap: the detX tail minus the power-law tail.
            let gap = detX.flatMap { d in fit.map { d.count - $0.spikeCount } }
            row += [("detX_num", integer(detX?.count)), ("num_ERG_spikes", integer(detX?.count)),
                    ("ERG_gap", integer(gap)), ("detX_val", number(detX?.value)),
                    ("detX_val_unrescaled", number(detX?.rescaledValue))]
        }
        if options.vectors {
            // WeightWatcher's order: per metric, the bulk's mean and variance, then the tail's.
            let v = report.vectors
            let metrics: [(String, EigenvectorLocalization.Moments?, EigenvectorLocalization.Moments?)] = [
                ("vec_entropy", v?.bulk?.entropy, v?.tail?.entropy),
                ("loc_ratio", v?.bulk?.localizationRatio, v?.tail?.localizationRatio),
                ("part_ratio", v?.bulk?.participationRatio, v?.tail?.participationRatio),
            ]
            for (name, bulk, tail) in metrics {
                row += [("bulk_mean_\(name)", number(bulk?.mean)), ("bulk_var_\(name)", number(bulk?.variance)),
                        ("tail_mean_\(name)", number(tail?.mean)), ("tail_var_\(name)", number(tail?.variance))]
            }
        }
        row += [("warning", .string(report.warning)), ("status", .string(report.status.rawValue)),
                ("reason", .string(report.reason))]
        return row
    }
}
