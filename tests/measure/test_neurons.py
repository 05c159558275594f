"""verify.measure.neurons against constructed layers whose answer is known by construction, and against an
independent count (connected components of the 'identical' graph with scipy) on well-separated layers."""

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components

from verify.measure import neurons as Nn


def _layer(groups, sizes, vanishing, d=5, seed=0, jitter=1e-3):
    """``groups`` distinct random neurons, group g repeated sizes[g] times (with a small jitter), plus
    ``vanishing`` neurons of norm 1e-3; rows shuffled."""
    rng = np.random.default_rng(seed)
    reps = rng.standard_normal((groups, d))
    rows = [reps[g] + jitter * rng.standard_normal(d) for g in range(groups) for _ in range(sizes[g])]
    rows += [1e-3 * rng.standard_normal(d) for _ in range(vanishing)]
    V = np.array(rows)
    return V[rng.permutation(len(V))]


@pytest.mark.parametrize("groups,sizes,vanishing", [(3, (1, 1, 1), 0), (2, (3, 2), 1), (4, (1, 2, 3, 1), 5),
                                                    (1, (6,), 2)])
def test_fraction_counts_groups_of_constructed_layers(groups, sizes, vanishing):
    V = _layer(groups, sizes, vanishing)
    assert Nn.independent_fraction(V) == groups / len(V)


def test_greedy_clusters_equal_connected_components_on_separated_layers():
    V = _layer(5, (2, 1, 3, 1, 2), 3, seed=4)
    nrm = np.linalg.norm(V, axis=1)
    alive = nrm / nrm.max() >= 0.1
    Va, na = V[alive], nrm[alive]
    d2 = ((Va[:, None] - Va[None]) ** 2).sum(-1)
    adj = 2 * d2 / (na[:, None] ** 2 + na[None] ** 2) < 0.1
    n_comp, _ = connected_components(adj, directed=False)
    assert len(Nn.independent_clusters(V)) == n_comp == 5


def test_conventions():
    V = _layer(3, (2, 2, 1), 0, seed=2)
    assert Nn.independent_fraction(3.7 * V) == Nn.independent_fraction(V)  # scale-free
    assert Nn.independent_fraction(np.vstack([V, -V[:1]])) == 4 / 6  # a sign flip is a new cluster
    assert Nn.independent_fraction(np.zeros((4, 3))) == 0.0
    W_in, b, a = np.ones((3, 2)), np.array([1.0, 2.0, 3.0]), np.array([[4.0, 5.0, 6.0]])
    np.testing.assert_array_equal(Nn.neuron_vectors(W_in, a, b), [[1, 1, 1, 4], [1, 1, 2, 5], [1, 1, 3, 6]])
    np.testing.assert_array_equal(Nn.neuron_vectors(W_in, a[0]), [[1, 1, 4], [1, 1, 5], [1, 1, 6]])
