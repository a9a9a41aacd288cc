"""Arcee: defaults, an AFM-4.5B config as published, every head, and the options the template reads
(MLP and attention biases, GQA/MQA, head_dim of its own or null, tied embeddings, a partial_rotary_factor
that Arcee does not read)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2)

CASES = [
    dict(case_id="arcee-defaults", model_type="arcee", config={}, architecture="ArceeForCausalLM",
         source="ArceeConfig() defaults"),
    dict(case_id="arcee-afm-4.5b", model_type="arcee", architecture="ArceeForCausalLM",
         source="AFM-4.5B architecture: config.json of its fine-tune Delta-Vector/Austral-AFM-SFT (vocab 128005)",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=128000, dtype="bfloat16",
                     eos_token_id=128003, head_dim=128, hidden_act="relu2", hidden_size=2560, initializer_range=0.02,
                     intermediate_size=18432, max_position_embeddings=65536, mlp_bias=False, num_attention_heads=20,
                     num_hidden_layers=36, num_key_value_heads=4, rms_norm_eps=1e-05,
                     rope_scaling=dict(beta_fast=32.0, beta_slow=1.0, factor=20.0, mscale=1.0,
                                       original_max_position_embeddings=4096, rope_type="yarn", type="yarn"),
                     rope_theta=10000.0, tie_word_embeddings=False, use_cache=True, vocab_size=128005)),
    dict(case_id="arcee-tiny-options", model_type="arcee", architecture="ArceeForCausalLM",
         source="attention and MLP biases, tied embeddings, head_dim 24, MQA",
         config=dict(TINY, attention_bias=True, mlp_bias=True, tie_word_embeddings=True, head_dim=24,
                     num_key_value_heads=1)),
    dict(case_id="arcee-tiny-partial-rotary", model_type="arcee", architecture="ArceeForCausalLM",
         source="partial_rotary_factor 0.5 in rope_parameters: not read by ArceeRotaryEmbedding (full head_dim)",
         config=dict(TINY, num_key_value_heads=None, num_hidden_layers=3,
                     rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=0.5))),
    dict(case_id="arcee-tiny-model", model_type="arcee", architecture="ArceeModel",
         source="base model", config=dict(TINY)),
    dict(case_id="arcee-tiny-seqcls", model_type="arcee", architecture="ArceeForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="arcee-tiny-tokcls", model_type="arcee", architecture="ArceeForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="arcee-tiny-tokcls-nobias", model_type="arcee", architecture="ArceeForTokenClassification",
         source="token classification without score bias",
         config=dict(TINY, num_labels=4, token_classification_bias=False)),
    dict(case_id="arcee-tiny-qa", model_type="arcee", architecture="ArceeForQuestionAnswering",
         source="question answering (base model under `transformer.`)", config=dict(TINY, mlp_bias=True)),
]
