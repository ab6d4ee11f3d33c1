package fakediscord

import (
	"net/http"
	"time"
)

// tokenInteraction finds the interaction of a webhook request's token and
// checks that it may be used: acknowledged, and within the token's lifetime.
// ok is false when rep is a refusal.
func (s *Server) tokenInteraction(c *call) (it *interaction, rep reply, ok bool) {
	app, token := c.params["application_id"], c.params["interaction_token"]
	s.mu.Lock()
	it = s.interactions[token]
	var acked int
	var age time.Duration
	if it != nil {
		c.req.InteractionID = it.id
		acked, age = it.ackType, c.req.Time.Sub(it.dispatched)
	}
	s.mu.Unlock()
	switch {
	case it == nil || it.appID != app:
		return nil, s.refuse(c, RuleUnknownWebhook, http.StatusNotFound, 10015, "Unknown Webhook",
			"no interaction with this token for application %s", app), false
	case age > s.cfg.tokenLifetime:
		return nil, s.refuse(c, RuleTokenExpired, http.StatusUnauthorized, 50027, "Invalid Webhook Token",
			"used %v after dispatch; interaction tokens last %v", age.Round(time.Second), s.cfg.tokenLifetime), false
	case acked == 0:
		return nil, s.refuse(c, RuleNotAcknowledged, http.StatusNotFound, 10015, "Unknown Webhook",
			"interaction %s has had no callback yet; answer or defer it first", it.id), false
	}
	return it, reply{}, true
}

// messageKey returns the key of the message a webhook route names.
func messageKey(c *call) string {
	if id, ok := c.params["message_id"]; ok {
		return id
	}
	return originalKey
}

// unknownMessage refuses a request about a message that does not exist.
func (s *Server) unknownMessage(c *call) reply {
	return s.refuse(c, RuleUnknownMessage, http.StatusNotFound, 10008, "Unknown Message",
		"interaction %s has no message %s", c.req.InteractionID, messageKey(c))
}

// handleGetOriginal answers GET .../messages/@original.
func (s *Server) handleGetOriginal(c *call) reply {
	it, rep, ok := s.tokenInteraction(c)
	if !ok {
		return rep
	}
	s.mu.Lock()
	msg := it.messages[originalKey]
	s.mu.Unlock()
	if msg == nil {
		return s.unknownMessage(c)
	}
	return reply{http.StatusOK, msg}
}

// handleEditMessage answers PATCH .../messages/@original and .../messages/{id}.
func (s *Server) handleEditMessage(c *call) reply {
	it, rep, ok := s.tokenInteraction(c)
	if !ok {
		return rep
	}
	if rep, ok := s.checkMessageBody(c, c.body, "", false); !ok {
		return rep
	}
	s.mu.Lock()
	msg := it.messages[messageKey(c)]
	if msg != nil {
		msg = copyObj(msg)
		applyEdit(msg, c.body)
		s.attachLocked(c, msg, c.body)
		msg["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
		if messageKey(c) == originalKey {
			msg["flags"] = intOf(msg["flags"]) &^ (1 << 7) // no longer loading
		}
		it.messages[messageKey(c)] = msg
	}
	s.mu.Unlock()
	if msg == nil {
		return s.unknownMessage(c)
	}
	return reply{http.StatusOK, msg}
}

// handleDeleteMessage answers DELETE .../messages/@original and .../messages/{id}.
func (s *Server) handleDeleteMessage(c *call) reply {
	it, rep, ok := s.tokenInteraction(c)
	if !ok {
		return rep
	}
	s.mu.Lock()
	_, found := it.messages[messageKey(c)]
	delete(it.messages, messageKey(c))
	s.mu.Unlock()
	if !found {
		return s.unknownMessage(c)
	}
	return reply{http.StatusNoContent, nil}
}

// handleFollowup answers POST /webhooks/{app}/{token}: a follow-up message,
// which Discord always returns (wait is implied).
func (s *Server) handleFollowup(c *call) reply {
	it, rep, ok := s.tokenInteraction(c)
	if !ok {
		return rep
	}
	if rep, ok := s.checkMessageBody(c, c.body, "", true); !ok {
		return rep
	}
	msg := s.newMessage(it.channelID, c.body, it.appID)
	s.mu.Lock()
	s.attachLocked(c, msg, c.body)
	it.messages[msg["id"].(string)] = msg
	s.mu.Unlock()
	return reply{http.StatusOK, msg}
}
