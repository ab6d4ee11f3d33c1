package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/simple"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of a passage document.
const (
	fieldText     = "text"     // folded passage text, English analysis
	fieldContext  = "context"  // the article's title, English analysis: what the passage is part of
	fieldNameKeys = "namekeys" // translit keys of the text's capitalised words: any spelling of a name
	fieldAt       = "at"       // where the passage's JSON is: "part:offset:length" in the part's passages file; stored only
	fieldArticle  = "article"  // keyword
	fieldPeople   = "people"   // keyword, canonical names
	fieldSpeakers = "speakers" // keyword
	fieldSides    = "sides"    // keyword
	fieldTopics   = "topics"   // keyword
	docType       = "passage"
)

// passageDoc is what is indexed for one passage.
type passageDoc struct {
	Type     string   `json:"type"`
	Text     string   `json:"text"`
	Context  string   `json:"context"`
	NameKeys string   `json:"namekeys"`
	At       string   `json:"at"`
	Article  string   `json:"article"`
	People   []string `json:"people"`
	Speakers []string `json:"speakers"`
	Sides    []string `json:"sides"`
	Topics   []string `json:"topics"`
}

// BleveType tells Bleve which document mapping applies.
func (passageDoc) BleveType() string { return docType }

// newMapping is the whole Bleve mapping: passage text with the English
// analyzer (also the default, so match queries stem the same way), keyword
// fields for filters, and BM25 scoring. No field keeps doc values: nothing
// sorts or facets on a field, and the text's doc values were the larger
// part of each segment, written at every build and merge.
func newMapping() mapping.IndexMapping {
	text := mapping.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	// No word positions: they were more than half of the text's postings,
	// and the pages of them that questions mapped kept a large index's
	// serving memory over budget; hits are checked for a phrase after the
	// search instead (boostPhrase).
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	text.DocValues = false

	stored := mapping.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false

	kw := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, text)
	doc.AddFieldMappingsAt(fieldAt, stored)
	context := mapping.NewTextFieldMapping()
	context.Analyzer = en.AnalyzerName
	context.Store = false
	context.IncludeTermVectors = false
	context.IncludeInAll = false
	context.DocValues = false
	doc.AddFieldMappingsAt(fieldContext, context)
	keys := mapping.NewTextFieldMapping()
	keys.Analyzer = simple.Name
	keys.Store = false
	keys.IncludeTermVectors = false
	keys.IncludeInAll = false
	keys.DocValues = false
	doc.AddFieldMappingsAt(fieldNameKeys, keys)
	for _, f := range []string{fieldArticle, fieldPeople, fieldSpeakers, fieldSides, fieldTopics} {
		doc.AddFieldMappingsAt(f, kw())
	}

	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = "bm25"
	m.DefaultMapping = mapping.NewDocumentDisabledMapping()
	m.AddDocumentMapping(docType, doc)
	m.TypeField = "type"
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}
