from twoway.engine.skills import Catalogue, CatalogueSkill, compact_key, key, tidy


def test_spellings_of_one_skill_share_a_key() -> None:
    assert key("  Public-Speaking. ") == key("public speaking") == "public speaking"
    assert compact_key("Node.js") == compact_key("node js") == compact_key("NODEJS")


def test_c_cpp_and_csharp_stay_apart() -> None:
    assert len({key("C"), key("C++"), key("C#")}) == 3


def test_an_unknown_skill_keeps_its_brackets() -> None:
    assert tidy("Visual Basic (.Net)") == "Visual Basic (.Net)"
    assert tidy("  rust   lang ") == "Rust lang"


def test_an_alias_resolves_to_the_catalogue_name_and_a_typo_gets_a_suggestion() -> None:
    catalogue = Catalogue([CatalogueSkill("Kubernetes", "Infrastructure", ("k8s",))])
    assert catalogue.resolve("K8S").name == "Kubernetes"
    typo = catalogue.resolve("Kubernets")
    assert (typo.known, typo.name, typo.suggestion) == (False, "Kubernets", "Kubernetes")
