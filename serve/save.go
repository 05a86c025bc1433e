package serve

import (
	"github.com/tokendesk/tokendesk/store"
)

// saveQueue is how many answers may wait to be saved; past it, tokens are counted as not
// saved rather than holding answers back.
const saveQueue = 1024

// saveBatch is the most entries saved in one transaction.
const saveBatch = 256

// HistoryLabel is the label a served token gets in the history: the route it was served on,
// and the rehearsal that shaped it, if any.
func HistoryLabel(r *Request) string {
	label := "served " + r.Route
	if r.Rehearsal != "" {
		label += " (rehearsal: " + r.Rehearsal + ")"
	}
	return label
}

// save labels the entries of one answer and hands them to the saver, without waiting.
func (s *Server) save(r *Request, entries []*store.Entry) {
	label := HistoryLabel(r)
	for _, e := range entries {
		e.Project, e.Label, e.CreatedAt = s.cfg.Project, label, r.Time
	}
	s.saveMu.RLock()
	defer s.saveMu.RUnlock()
	if s.saveShut {
		s.log.saveFailed(len(entries))
		return
	}
	select {
	case s.saves <- entries:
	default:
		s.log.saveFailed(len(entries))
	}
}

// saver saves what save hands it, many entries per transaction, until the queue is closed.
func (s *Server) saver() {
	defer close(s.saverDone)
	var batch []*store.Entry
	for entries := range s.saves {
		batch = append(batch[:0], entries...)
	more:
		for len(batch) < saveBatch {
			select {
			case next, ok := <-s.saves:
				if !ok {
					break more
				}
				batch = append(batch, next...)
			default:
				break more
			}
		}
		if err := s.cfg.Save.AddMany(batch); err != nil {
			s.log.saveFailed(len(batch))
		}
	}
}
