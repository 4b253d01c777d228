/**
 * Training: images or NumPy arrays in, a model file out. The article's full-batch gradient descent
 * ({@code catstream train}) and the mini-batch recipes ({@code --recipe mlp|cnn}), with their data handling,
 * evaluation and curves.
 *
 * <p>Entry classes: {@link io.catstream.train.TrainingData}, {@link io.catstream.train.ImageFolder} and
 * {@link io.catstream.train.ImageLoader} (the data), {@link io.catstream.train.Trainer} with
 * {@link io.catstream.train.TrainingConfig} and {@link io.catstream.train.ArticleModel} (the article's run and its
 * model file), {@link io.catstream.train.Recipe} and {@link io.catstream.train.RecipeRun} (one recipe run from data
 * to model, for the CLI and the demo alike) over {@link io.catstream.train.RecipeTrainer},
 * {@link io.catstream.train.ExampleSource} and {@link io.catstream.train.ExampleSets} (what the recipes read a
 * mini-batch at a time: {@link io.catstream.train.ImageFileExamples} from {@link io.catstream.train.ImageLoader#index},
 * {@link io.catstream.train.InMemoryExamples}; a Kafka data set implements the interface too),
 * {@link io.catstream.train.ArticleMemory} (the heap the article's all-in-memory solvers need),
 * {@link io.catstream.train.Evaluation} (the confusion matrix) and {@link io.catstream.train.CostChart}. The
 * sub-packages hold the recipes' augmentations ({@code augment}) and optimisers ({@code optim}).
 *
 * <p>May depend on {@code model}, {@code nn}, {@code nn.layered}, {@code image}, {@code numpy} and {@code linalg}:
 * nothing of Kafka or scoring.
 */
package io.catstream.train;
