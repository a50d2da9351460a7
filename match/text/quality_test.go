package text_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/c2cnet/c2c/fixtures"
	"github.com/c2cnet/c2c/match/text"
)

// qualityCases are lay-worded and technical sentences with the topic a
// reader of the taxonomy (fixtures/topics.json) would give them. must marks
// the sentences the engine's explanations rely on.
var qualityCases = []struct {
	text  string
	topic string
	must  bool
}{
	// From the brief: must land on the right topic.
	{"the market floods every monsoon", "urban-flooding", true},
	{"nobody picks up the trash in our lane", "waste-collection", true},
	{"buses are slow and crowded", "public-transport", true},
	{"bus rapid transit", "brt", true},
	{"BRT", "brt", true},
	{"busway", "brt", true},
	{"NRW is above 40%", "non-revenue-water", true},
	{"taps run dry in summer", "water-supply", true},
	{"people burn garbage in the open", "open-burning", true},
	{"3R campaign", "waste-reduction-3r", true},
	{"houses collapse in earthquakes", "earthquake-safety", true},
	{"localising the MDGs", "mdg-localisation", true},
	{"the streets are full of water after every big rain", "urban-flooding", true},
	{"rents are too high for nurses and teachers", "affordable-housing", true},
	{"young people leave, the town centre is empty", "youth-out-migration", true},
	{"people feel lonely and old people live alone", "ageing-loneliness", true},
	{"shops on the high street are closing", "town-centre-revitalisation", true},
	{"kids have nowhere to play", "play-space", true},
	{"stray dogs bite children", "stray-animals", true},
	{"Our population is ageing and many pensioners are isolated", "ageing-loneliness", false},
	{"Heritage trails bring visitors to the old quarter", "heritage-tourism", false},
	{"Key worker housing for teachers", "affordable-housing", false},
	// Lay and technical wording across the sectors.
	{"Half the water we pump is lost to leaks and illegal connections", "non-revenue-water", false},
	{"Streets turn into rivers after heavy rain", "urban-flooding", false},
	{"The drains are clogged with plastic", "drainage", false},
	{"Children get dengue every rainy season", "vector-borne-disease", false},
	{"our roads are always jammed", "traffic-management", false},
	{"bins are overflowing on every corner", "waste-collection", false},
	{"summers are hotter every year", "heat-stress", false},
	{"rising temperatures", "heat-stress", false},
	{"We want to close our old dumpsite and build a sanitary landfill", "landfill", false},
	{"Kitchen waste from households could become compost", "composting", false},
	{"Waste pickers sort recyclables at the dump", "recycling", false},
	{"Hospital waste is mixed with household garbage", "hazardous-waste", false},
	{"Many families still have no toilet", "sanitation", false},
	{"Septic tanks are never emptied", "faecal-sludge", false},
	{"Untreated sewage flows into the river", "wastewater-treatment", false},
	{"The air is thick with smog in winter", "air-pollution", false},
	{"Traffic jams make commuting take two hours", "traffic-management", false},
	{"Too many road accidents involve motorcycles", "road-safety", false},
	{"There are no sidewalks, so people walk on the road", "non-motorised-transport", false},
	{"Our fire brigade has only two trucks", "fire-safety", false},
	{"We need an early warning system for tsunamis", "early-warning", false},
	{"Rebuilding homes after the typhoon", "post-disaster-reconstruction", false},
	{"Sea level rise threatens the coastal villages", "coastal-protection", false},
	{"Summers are getting hotter and the elderly suffer", "heat-stress", false},
	{"Greenhouse gas inventory and climate action plan", "ghg-inventory", false},
	{"Replacing street lights with LEDs to cut the electricity bill", "energy-efficiency", false},
	{"Rooftop solar panels on public buildings", "renewable-energy", false},
	{"Frequent power cuts hurt small businesses", "energy-access", false},
	{"Slum dwellers lack basic services", "slum-upgrading", false},
	{"Families are evicted without land titles", "land-tenure", false},
	{"Young graduates cannot find jobs", "local-economic-development", false},
	{"Street vendors crowd the sidewalks", "markets-street-vending", false},
	{"Restoring the old temple district for tourists", "heritage-conservation", false},
	{"Property tax collection is very low", "revenue-generation", false},
	{"The municipality has no money for maintenance", "municipal-budgeting", false},
	{"Citizens can apply for permits online", "e-government", false},
	{"Participatory budgeting in every ward", "participatory-budgeting", false},
	{"Our staff lack technical skills", "institutional-capacity", false},
	{"Residents complain that nobody listens to them", "public-consultation", false},
	{"Mosquitoes breed in stagnant water", "vector-borne-disease", false},
	{"Planting trees along the main roads", "urban-greening", false},
	{"Cleaning up the polluted canal", "river-restoration", false},
	{"Jeepney drivers resist route reform", "paratransit", false},
	{"Smart card fare collection for buses", "its", false},
	{"Groundwater is falling because of over-pumping", "water-resources", false},
	{"Tap water is brown and smells", "water-quality", false},
	{"A metro line to the airport", "rail-transit", false},
	{"Unplanned growth on the city edge", "land-use-planning", false},
	{"Sister city exchanges with Japanese cities", "city-cooperation", false},
	{"Deadly heat waves", "heat-stress", false},
	{"Cholera outbreak in the slums", "infectious-disease", false},
	{"Noisy honking all night", "noise", false},
	{"Decentralised cooperation between municipalities", "city-cooperation", false},
	{"Our lake is full of algae and foul smelling", "river-restoration", false},
	{"Ageing water mains burst every week", "non-revenue-water", false},
	// Everyday words for the subjects, and the topics added for them.
	{"water pressure is weak", "water-supply", false},
	{"leaky pipes", "non-revenue-water", false},
	{"bins overflowing on every corner", "waste-collection", false},
	{"people dump rubbish in the river", "waste-collection", false},
	{"the streets flood and water gets into homes", "urban-flooding", false},
	{"young couples cannot afford a home", "affordable-housing", false},
	{"residents want to grow vegetables on spare land", "urban-agriculture", false},
	{"we spend hours waiting for the bus", "public-transport", false},
	{"the power goes off every evening", "energy-access", false},
	{"it is too hot in summer and there is no shade", "heat-stress", false},
	{"potholes everywhere and the roads are falling apart", "roads-maintenance", false},
	{"too many children drop out of school", "schools-education", false},
	{"the library closes at five", "culture-libraries", false},
	{"young people have no sports facilities", "sport-leisure", false},
	{"refugees arriving in the city need language classes", "migrant-integration", false},
	{"women feel unsafe walking home at night", "gender-equality", false},
	{"wheelchair users cannot get on the buses", "disability-access", false},
	{"single mothers cannot find childcare", "child-family-services", false},
	{"children go to school hungry", "school-meals", false},
	{"our port and fishing fleet are in decline", "blue-economy", false},
	{"bees and butterflies are disappearing", "urban-wildlife", false},
	{"burglaries and street robberies are rising", "crime-safety", false},
	{"the cemetery is full", "cemeteries", false},
	{"sewage flows into the river and the fish have died", "wastewater-treatment", false},
	{"households pay too much for electricity and homes are cold in winter", "energy-efficiency", false},
	{"we want to attract foreign investors", "local-economic-development", false},
	{"the neighbourhood is dark and people are afraid to go out", "crime-safety", false},
	{"the sea is eating the beach", "coastal-protection", false},
}

// TestInferQuality measures topic inference on the project's taxonomy: the
// share of sentences whose best topic, and whose best topic's sector, is the
// expected one.
func TestInferQuality(t *testing.T) {
	tax := fixtures.Taxonomy()
	in := text.NewInferrer(tax)
	topicOK, sectorOK := 0, 0
	for _, tc := range qualityCases {
		want, ok := tax.Lookup(tc.topic)
		require.True(t, ok, "unknown topic %q in the test table", tc.topic)
		hits := in.Infer(tc.text)
		got, gotSector := "(none)", "(none)"
		if len(hits) > 0 {
			got = tax.Topics[hits[0].Topic].ID
			gotSector = tax.Topics[hits[0].Topic].Sector
		}
		if got == tc.topic {
			topicOK++
		}
		if gotSector == want.Sector {
			sectorOK++
		}
		if tc.must {
			assert.Equal(t, tc.topic, got, "%q", tc.text)
		}
		if got != tc.topic {
			var desc []string
			for _, h := range hits {
				desc = append(desc, tax.Topics[h.Topic].ID)
			}
			t.Logf("miss: %q want %s (%s), got %v %v", tc.text, tc.topic, want.Sector, desc, hits)
		}
	}
	n := float64(len(qualityCases))
	t.Logf("topic inference on %d sentences: top-1 topic %d (%.1f%%), top-1 sector %d (%.1f%%)",
		len(qualityCases), topicOK, 100*float64(topicOK)/n, sectorOK, 100*float64(sectorOK)/n)
	assert.GreaterOrEqual(t, float64(topicOK)/n, 0.8, "top-1 topic accuracy")
	assert.GreaterOrEqual(t, float64(sectorOK)/n, 0.9, "top-1 sector accuracy")
}

// fallbackCases are sentences that contain no phrase of the taxonomy, so
// the TF-IDF fallback decides.
var fallbackCases = []struct{ text, topic string }{
	{"the river stinks", "river-restoration"},
	{"pollution from factories", "air-pollution"},
	{"households wait days for a delivery of water", "water-supply"},
	{"emissions from vehicles", "clean-vehicles"},
	{"the canal is black and stinks", "river-restoration"},
	{"trees", "urban-greening"},
	{"pipes drip everywhere", "non-revenue-water"},
	{"cooling the city in summer", "heat-stress"},
}

// TestInferFallbackQuality measures the fallback alone.
func TestInferFallbackQuality(t *testing.T) {
	tax := fixtures.Taxonomy()
	in := text.NewInferrer(tax)
	ok := 0
	for _, tc := range fallbackCases {
		require.Empty(t, in.Phrases().MatchText(tc.text), "%q matches a phrase; it belongs in qualityCases", tc.text)
		hits := in.Infer(tc.text)
		got := "(none)"
		for _, h := range hits {
			assert.LessOrEqual(t, h.Weight, text.FallbackWeight, "%q", tc.text)
		}
		if len(hits) > 0 {
			got = tax.Topics[hits[0].Topic].ID
		}
		if got == tc.topic {
			ok++
		} else {
			t.Logf("fallback miss: %q want %s, got %v", tc.text, tc.topic, hits)
		}
	}
	t.Logf("fallback on %d sentences without a phrase: top-1 topic %d (%.1f%%)",
		len(fallbackCases), ok, 100*float64(ok)/float64(len(fallbackCases)))
	assert.GreaterOrEqual(t, float64(ok)/float64(len(fallbackCases)), 0.6)
}

// TestInferSameTopic checks that the three names of bus rapid transit land
// on one topic.
func TestInferSameTopic(t *testing.T) {
	tax := fixtures.Taxonomy()
	in := text.NewInferrer(tax)
	var topics []int
	for _, s := range []string{"bus rapid transit", "BRT", "busway"} {
		hits := in.Infer(s)
		require.NotEmpty(t, hits, s)
		topics = append(topics, hits[0].Topic)
	}
	assert.Equal(t, topics[0], topics[1])
	assert.Equal(t, topics[0], topics[2])
}

// TestInferNothingRelevant checks that small talk names no topic.
func TestInferNothingRelevant(t *testing.T) {
	in := text.NewInferrer(fixtures.Taxonomy())
	for _, s := range []string{"Hello", "Thank you very much", "See you next year", "We are a city of about a million", "Our people need help", "We would like to learn from a partner",
		// Stems that single-word phrases would catch ("secondment" → second, "apartment" → apart).
		"A second phase of the project will start next year", "Apart from that we are fine",
		"We want to learn from other cities"} {
		assert.Nil(t, in.Infer(s), "%q", s)
	}
}
