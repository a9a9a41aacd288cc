"""Gemma 3n (text, image, audio): defaults (gemma-3n-E4B-like), gemma-3n-E2B as published, both heads, and the
options the template reads (text_config keys, audio_config sizes, vision and audio vocabularies, ties).

transformers 5.24 builds the vision tower (TimmWrapperModel) only with timm installed; these cases were made
with timm 1.0.31. Without timm no Gemma3nConfig model can be built at all, and the cases are skipped."""
import importlib.util
import sys

TEXT = dict(vocab_size=128, vocab_size_per_layer_input=96, hidden_size=64, hidden_size_per_layer_input=8,
            intermediate_size=96, num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=2, head_dim=16,
            sliding_window=8, laurel_rank=4, altup_num_inputs=3, num_kv_shared_layers=2,
            layer_types=["sliding_attention", "sliding_attention", "full_attention", "sliding_attention",
                         "sliding_attention", "full_attention"])
AUDIO = dict(hidden_size=32, vocab_size=16, input_feat_size=20, conf_num_attention_heads=4, conf_num_hidden_layers=2,
             conf_conv_kernel_size=3, conf_attention_chunk_size=4, conf_attention_context_left=5,
             conf_attention_context_right=1, sscp_conv_channel_size=[8, 4])
TINY = dict(text_config=TEXT, audio_config=AUDIO, vision_config=dict(hidden_size=48, vocab_size=24))
E2B_TEXT = dict(activation_sparsity_pattern=[0.95] * 10 + [0.0] * 20, altup_active_idx=0, altup_coef_clip=120.0,
                altup_correct_scale=True, altup_lr_multiplier=1.0, altup_num_inputs=4, attention_bias=False,
                attention_dropout=0.0, final_logit_softcapping=30.0, head_dim=256,
                hidden_activation="gelu_pytorch_tanh", hidden_size=2048, hidden_size_per_layer_input=256,
                initializer_range=0.02, intermediate_size=[8192] * 30, laurel_rank=64,
                layer_types=(["sliding_attention"] * 4 + ["full_attention"]) * 6, max_position_embeddings=32768,
                model_type="gemma3n_text", num_attention_heads=8, num_hidden_layers=30, num_key_value_heads=2,
                num_kv_shared_layers=10, query_pre_attn_scalar=256, rms_norm_eps=1e-06, rope_local_base_freq=10000.0,
                rope_scaling=None, rope_theta=1000000.0, sliding_window=512, torch_dtype="bfloat16", use_cache=True,
                vocab_size=262400, vocab_size_per_layer_input=262144)
E2B_AUDIO = dict(conf_attention_chunk_size=12, conf_attention_context_left=13, conf_attention_context_right=0,
                 conf_attention_logit_cap=50.0, conf_conv_kernel_size=5, conf_num_attention_heads=8,
                 conf_num_hidden_layers=12, conf_reduction_factor=4, conf_residual_weight=0.5,
                 gradient_clipping=10000000000.0, hidden_size=1536, input_feat_size=128, model_type="gemma3n_audio",
                 rms_norm_eps=1e-06, sscp_conv_channel_size=[128, 32], sscp_conv_group_norm_eps=0.001,
                 sscp_conv_kernel_size=[[3, 3], [3, 3]], sscp_conv_stride_size=[[2, 2], [2, 2]], torch_dtype="bfloat16",
                 vocab_offset=262272, vocab_size=128)
E2B_VISION = dict(architecture="mobilenetv5_300m_enc", do_pooling=False, hidden_size=2048, initializer_range=0.02,
                  model_args=None, model_type="gemma3n_vision", num_classes=2, rms_norm_eps=1e-06,
                  torch_dtype="bfloat16", vocab_offset=262144, vocab_size=128)

CASES = [
    dict(case_id="gemma3n-defaults", model_type="gemma3n", config={}, architecture="Gemma3nForConditionalGeneration",
         source="Gemma3nConfig() defaults (Gemma3nTextConfig: E4B's text model; timm mobilenetv5_300m_enc)"),
    dict(case_id="gemma3n-e2b", model_type="gemma3n", architecture="Gemma3nForConditionalGeneration",
         source="google/gemma-3n-E2B config.json (from memory)",
         config=dict(architectures=["Gemma3nForConditionalGeneration"], audio_config=E2B_AUDIO,
                     audio_soft_tokens_per_image=188, audio_vocab_offset=262272, audio_vocab_size=128,
                     boa_token_id=256000, boi_token_id=255999, eoa_token_id=262272, eoi_token_id=262144,
                     eos_token_id=[1, 106], image_token_id=262145, audio_token_id=262273, initializer_range=0.02,
                     text_config=E2B_TEXT, torch_dtype="bfloat16", vision_config=E2B_VISION,
                     vision_soft_tokens_per_image=256, vision_vocab_offset=262144, vision_vocab_size=128)),
    dict(case_id="gemma3n-tiny-options", model_type="gemma3n", architecture="Gemma3nForConditionalGeneration",
         source="tiny text and audio, every option flipped: untied, per-layer widths, attention biases, no KV"
                " sharing, default layer types, 2 AltUp inputs",
         config=dict(TINY, tie_word_embeddings=False,
                     text_config=dict(TEXT, layer_types=None, num_hidden_layers=5, attention_bias=True,
                                      intermediate_size=[32, 48, 64, 80, 96], num_kv_shared_layers=0,
                                      altup_num_inputs=2))),
    dict(case_id="gemma3n-tiny-model", model_type="gemma3n", architecture="Gemma3nModel", source="base model",
         config=dict(TINY)),
]

if importlib.util.find_spec("timm") is None:
    print("gemma3n: timm is not installed (transformers builds Gemma 3n's vision tower with it): no cases",
          file=sys.stderr)
    CASES = []
