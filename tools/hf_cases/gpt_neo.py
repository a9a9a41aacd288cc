"""GPT-Neo: defaults (1.3B), GPT-Neo-125M, 1.3B and 2.7B as published, every head, and every option
the template reads (intermediate_size, ties, the num_attention_heads/num_hidden_layers aliases,
max_position_embeddings; attention_types changes no tensor)."""

TINY = dict(vocab_size=128, hidden_size=64, num_layers=2, num_heads=4, max_position_embeddings=32,
            attention_types=[[["global", "local"], 1]], window_size=8, bos_token_id=0, eos_token_id=0)


def published(num_layers: int, **config) -> dict:
    return dict(activation_function="gelu_new", attention_dropout=0, attention_layers=["global", "local"] * (num_layers // 2),
                attention_types=[[["global", "local"], num_layers // 2]], bos_token_id=50256, embed_dropout=0,
                eos_token_id=50256, gradient_checkpointing=False, initializer_range=0.02, intermediate_size=None,
                layer_norm_epsilon=1e-05, max_position_embeddings=2048, num_layers=num_layers, resid_dropout=0,
                summary_activation=None, summary_first_dropout=0.1, summary_proj_to_labels=True,
                summary_type="cls_index", summary_use_proj=True, use_cache=True, vocab_size=50257,
                window_size=256, **config)


CASES = [
    dict(case_id="gpt_neo-defaults", model_type="gpt_neo", config={}, architecture="GPTNeoForCausalLM",
         source="GPTNeoConfig() defaults (gpt-neo-1.3B)", expected_params=1315575808),
    dict(case_id="gpt_neo-125m", model_type="gpt_neo", architecture="GPTNeoForCausalLM",
         source="EleutherAI/gpt-neo-125m config.json", expected_params=125198592,
         config=published(12, hidden_size=768, num_heads=12, torch_dtype="float32")),
    dict(case_id="gpt_neo-1.3b", model_type="gpt_neo", architecture="GPTNeoForCausalLM",
         source="EleutherAI/gpt-neo-1.3B config.json", expected_params=1315575808,
         config=published(24, hidden_size=2048, num_heads=16)),
    dict(case_id="gpt_neo-2.7b", model_type="gpt_neo", architecture="GPTNeoForCausalLM",
         source="EleutherAI/gpt-neo-2.7B config.json", expected_params=2651307520,
         config=published(32, hidden_size=2560, num_heads=20)),
    dict(case_id="gpt_neo-tiny-options", model_type="gpt_neo", architecture="GPTNeoForCausalLM",
         source="untied lm_head, intermediate_size given, all layers global",
         config=dict(TINY, tie_word_embeddings=False, intermediate_size=96, attention_types=[[["global"], 2]])),
    dict(case_id="gpt_neo-tiny-aliases", model_type="gpt_neo", architecture="GPTNeoForCausalLM",
         source="num_attention_heads and num_hidden_layers (GPTNeoConfig.attribute_map) win over num_heads/num_layers",
         config=dict(TINY, num_attention_heads=8, num_hidden_layers=4, attention_types=[[["local", "global"], 2]])),
    dict(case_id="gpt_neo-tiny-model", model_type="gpt_neo", architecture="GPTNeoModel", source="base model",
         config=dict(TINY)),
    dict(case_id="gpt_neo-tiny-seqcls", model_type="gpt_neo", architecture="GPTNeoForSequenceClassification",
         source="sequence classification", config=dict(TINY, num_labels=5)),
    dict(case_id="gpt_neo-tiny-tokcls", model_type="gpt_neo", architecture="GPTNeoForTokenClassification",
         source="token classification", config=dict(TINY, id2label={"0": "O", "1": "B", "2": "I"})),
    dict(case_id="gpt_neo-tiny-qa", model_type="gpt_neo", architecture="GPTNeoForQuestionAnswering",
         source="extractive question answering", config=dict(TINY)),
]
