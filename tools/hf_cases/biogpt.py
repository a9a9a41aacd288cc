"""BioGPT: defaults, microsoft/biogpt and microsoft/BioGPT-Large as published, every head, and every
option the template reads (untied output_projection)."""

TINY = dict(vocab_size=128, hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=96,
            max_position_embeddings=32)


def published(**overrides):
    """The keys microsoft/biogpt's config.json holds, with per-model overrides."""
    config = dict(activation_dropout=0.0, attention_probs_dropout_prob=0.1, bos_token_id=0, eos_token_id=2,
                  hidden_act="gelu", hidden_dropout_prob=0.1, hidden_size=1024, initializer_range=0.02,
                  intermediate_size=4096, layer_norm_eps=1e-12, layerdrop=0.0, max_position_embeddings=1024,
                  num_attention_heads=16, num_hidden_layers=24, pad_token_id=1, scale_embedding=True,
                  torch_dtype="float32", transformers_version="4.25.0.dev0", use_cache=True, vocab_size=42384)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="biogpt-defaults", model_type="biogpt", config={}, architecture="BioGptForCausalLM",
         source="BioGptConfig() defaults", expected_params=346763264),
    dict(case_id="biogpt-base", model_type="biogpt", architecture="BioGptForCausalLM",
         source="microsoft/biogpt config.json", expected_params=346763264, config=published()),
    dict(case_id="biogpt-large", model_type="biogpt", architecture="BioGptForCausalLM",
         source="microsoft/BioGPT-Large config.json",
         config=published(hidden_size=1600, intermediate_size=6400, max_position_embeddings=2048,
                          num_attention_heads=25, num_hidden_layers=48, vocab_size=57717)),
    dict(case_id="biogpt-tiny-untied", model_type="biogpt", architecture="BioGptForCausalLM",
         source="tie_word_embeddings false: output_projection stored apart",
         config=dict(TINY, tie_word_embeddings=False)),
    dict(case_id="biogpt-tiny-model", model_type="biogpt", architecture="BioGptModel", source="base model",
         config=dict(TINY)),
    dict(case_id="biogpt-tiny-tokcls", model_type="biogpt", architecture="BioGptForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="biogpt-tiny-seqcls", model_type="biogpt", architecture="BioGptForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
]
