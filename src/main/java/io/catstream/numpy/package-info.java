/**
 * NumPy interchange: the files and the random numbers that let catstream train on exactly the numbers the NumPy
 * reference trains on and compare results array by array.
 *
 * <p>Entry classes: {@link io.catstream.numpy.Npz} ({@code .npz} archives as {@code np.savez} writes them),
 * {@link io.catstream.numpy.NdArray} (a float64 array with a NumPy shape, C order) and
 * {@link io.catstream.numpy.NumpyRandom} (the legacy {@code np.random.RandomState}, for the article's seeded
 * initialisation).
 *
 * <p>Depends on no other catstream package ({@code ArchitectureRulesTest}).
 */
package io.catstream.numpy;
