// Package metrics exposes what the bot does in Prometheus's format, with
// series named talksbot_…, and the health check that container runtimes and
// load balancers poll.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/index"
)

// Metrics holds the bot's series in a registry of its own.
type Metrics struct {
	reg          *prometheus.Registry
	commands     *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	mentions     *prometheus.CounterVec
	autocomplete *prometheus.CounterVec
	reindexTime  prometheus.Histogram
	reindexFail  prometheus.Counter
	reconnects   prometheus.Counter
	feedback     *prometheus.CounterVec
}

// New returns the metrics of a bot answering from the index that meta
// describes (read when scraped).
func New(meta func() index.Meta) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_commands_total",
			Help: "Commands and More-button presses received, by command, outcome (ok, no-evidence, refused, cooldown, bad-request, busy, indexing, error, panic) and transport (gateway, http).",
		}, []string{"command", "outcome", "transport"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "talksbot_answer_duration_seconds",
			Help:    "Time from receiving a command, button press or mention to its answer being sent.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"kind", "transport"}),
		mentions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_mention_replies_total",
			Help: "Messages that asked the bot a question (a mention, a direct message, or a message in an ask channel or its threads), by outcome.",
		}, []string{"outcome"}),
		autocomplete: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_autocomplete_total",
			Help: "Autocomplete requests answered, by command and outcome.",
		}, []string{"command", "outcome"}),
		reindexTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "talksbot_reindex_duration_seconds",
			Help:    "Duration of reindexes run by moderators, successful or not.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 14),
		}),
		reindexFail: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "talksbot_reindex_failures_total",
			Help: "Reindexes that failed (the previous index kept serving).",
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "talksbot_gateway_reconnects_total",
			Help: "Gateway sessions resumed after the connection was lost.",
		}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talksbot_feedback_total",
			Help: "Votes cast with the 👍 and 👎 buttons of answers, by the answer's intent and the vote (up, down); a changed vote counts again, a repeated press does not.",
		}, []string{"intent", "vote"}),
	}
	documents := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "talksbot_index_documents",
		Help: "Passages (Bleve documents) in the index being served.",
	}, func() float64 { return float64(meta().Passages) })
	articles := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "talksbot_index_articles",
		Help: "Articles in the index being served.",
	}, func() float64 { return float64(len(meta().Articles)) })
	rejected := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "talksbot_index_rejected_files",
		Help: "Files of the corpus folder the last build could not index.",
	}, func() float64 { return float64(len(meta().Problems)) })
	m.reg.MustRegister(m.commands, m.latency, m.mentions, m.autocomplete, m.reindexTime, m.reindexFail, m.reconnects, m.feedback,
		documents, articles, rejected,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Observe records one event of the bot (bot.Options.Observe).
func (m *Metrics) Observe(ev bot.Event) {
	switch ev.Kind {
	case "command", "button":
		cmd := ev.Command
		if ev.Kind == "button" {
			cmd = "more"
		}
		if cmd == "" {
			cmd = "unknown"
		}
		m.commands.WithLabelValues(cmd, ev.Outcome, ev.Transport).Inc()
		m.latency.WithLabelValues(ev.Kind, ev.Transport).Observe(ev.Duration.Seconds())
	case "mention":
		m.mentions.WithLabelValues(ev.Outcome).Inc()
		m.latency.WithLabelValues(ev.Kind, ev.Transport).Observe(ev.Duration.Seconds())
	case "autocomplete":
		m.autocomplete.WithLabelValues(ev.Command, ev.Outcome).Inc()
	case "reindex":
		m.reindexTime.Observe(ev.Duration.Seconds())
		if ev.Outcome != "ok" {
			m.reindexFail.Inc()
		}
	case "reconnect":
		m.reconnects.Inc()
	case "feedback":
		if ev.Vote != "" {
			m.feedback.WithLabelValues(ev.Command, ev.Vote).Inc()
		}
	}
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Health serves /healthz: 200 "ok" when ready() reports nothing wrong;
// 200 "ok, degraded: problem" when it is ready with a problem (serving,
// with Redis unreachable); else 503 with what is wrong.
func Health(ready func() (ok bool, problem string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ok, problem := ready()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(problem + "\n"))
			return
		}
		if problem != "" { // serving, degraded
			w.Write([]byte("ok, degraded: " + problem + "\n"))
			return
		}
		w.Write([]byte("ok\n"))
	})
}
