"""The path finder answers "from role A, how do I reach role B?" over the fiches' moves."""

from careerdash import queries
from careerdash.paths import build_graph, shortest_path


def test_path_through_entry_and_moves(con):
    graph = build_graph(queries.progression_edges(con))
    path = shortest_path(graph, "Développeur(se) web", "Directeur(trice) du numérique")
    assert [(s.title, s.career_id, s.how) for s in path] == [
        ("Développeur(se) web", "developpeur-web", None),
        ("Chef(fe) de projet digital", "chef-de-projet-digital", "next"),
        ("Directeur(trice) du numérique", None, "later"),
    ]


def test_titles_match_ignoring_case_accents_and_gender_marks(con):
    graph = build_graph(queries.progression_edges(con))
    path = shortest_path(graph, "DEVELOPPEUR WEB", "chef de projet digital")
    assert [s.career_id for s in path] == ["developpeur-web", "chef-de-projet-digital"]


def test_no_path_against_the_direction_of_moves(con):
    graph = build_graph(queries.progression_edges(con))
    assert shortest_path(graph, "Chef(fe) de projet digital", "Développeur(se) web") is None
    assert shortest_path(graph, "Infirmier(ère)", "Chef(fe) de projet digital") is None
    assert shortest_path(graph, "Inconnu", "Développeur(se) web") is None


def test_roles_list_every_node_once(con):
    roles = build_graph(queries.progression_edges(con)).roles()
    assert roles == sorted(set(roles), key=str.casefold)
    assert "Directeur(trice) du numérique" in roles and "Développeur(se) web" in roles
