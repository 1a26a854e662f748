import Feedsmith
import Foundation
import Metrics
import Prometheus

/// The daemon's metrics through swift-metrics, exported in Prometheus text by swift-prometheus.
public final class DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// swift-metrics allows one bootstrap per process; the daemon is the only caller.
    public static let shared: DaemonMetrics = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return DaemonMetrics(registry: registry)
    }()

    private init(registry: PrometheusCollectorRegistry) { self.registry = registry }

    public func fetched(outcome: String, seconds: Double) {
        Counter(label: "feedsmith_fetches_total", dimensions: [("outcome", outcome)]).increment()
        Metrics.Timer(label: "feedsmith_fetch_duration_seconds", preferredDisplayUnit: .seconds).recordSeconds(seconds)
    }

    public func feedWritten(count: Int) {
        Counter(label: "feedsmith_feed_writes_total").increment(by: count)
    }

    public func itemsStored(source: String, count: Int) {
        Gauge(label: "feedsmith_items_stored", dimensions: [("source", source)]).record(count)
    }

    public func secondsSinceSuccess(source: String, seconds: Double) {
        Gauge(label: "feedsmith_seconds_since_last_success", dimensions: [("source", source)]).record(seconds)
    }

    /// Items grouped, items that joined another source's story, and groups merged by bridging items.
    public func grouped(_ report: GroupingReport) {
        Counter(label: "feedsmith_items_grouped_total").increment(by: report.grouped)
        Counter(label: "feedsmith_items_joined_group_total").increment(by: report.joined)
        Counter(label: "feedsmith_groups_merged_total").increment(by: report.merged)
        Gauge(label: "feedsmith_group_index_items").record(report.indexed)
    }

    public func text() -> String { registry.emitToString() }
}
